using System.Buffers;
using System.Globalization;

namespace Edge.Media.H264;

/// <summary>
/// The fields of an H.264 sequence parameter set (H.264 7.3.2.1.1) that streaming needs: profile,
/// level, picture size after cropping, chroma format and the frame rate the VUI declares.
/// </summary>
public sealed class SequenceParameterSet
{
    private const int MaxDimension = 1 << 16;

    private SequenceParameterSet()
    {
    }

    /// <summary><c>profile_idc</c>: 66 Baseline, 77 Main, 100 High, …</summary>
    public byte ProfileIdc { get; private init; }

    /// <summary>The byte after <c>profile_idc</c>: <c>constraint_set0_flag</c> in the top bit through <c>constraint_set5_flag</c>, then two reserved zero bits.</summary>
    public byte ConstraintFlags { get; private init; }

    /// <summary><c>level_idc</c>: ten times the level number (31 is level 3.1).</summary>
    public byte LevelIdc { get; private init; }

    /// <summary><c>seq_parameter_set_id</c> (0-31).</summary>
    public int SeqParameterSetId { get; private init; }

    /// <summary><c>chroma_format_idc</c>: 0 monochrome, 1 4:2:0, 2 4:2:2, 3 4:4:4. 1 unless a high profile says otherwise.</summary>
    public int ChromaFormatIdc { get; private init; } = 1;

    /// <summary><c>separate_colour_plane_flag</c> (4:4:4 only).</summary>
    public bool SeparateColourPlane { get; private init; }

    /// <summary>Luma sample bit depth (8 unless a high profile says otherwise).</summary>
    public int BitDepthLuma { get; private init; } = 8;

    /// <summary>Chroma sample bit depth (8 unless a high profile says otherwise).</summary>
    public int BitDepthChroma { get; private init; } = 8;

    /// <summary><c>log2_max_frame_num_minus4 + 4</c>: bits in a slice header's <c>frame_num</c>.</summary>
    public int Log2MaxFrameNum { get; private init; }

    /// <summary><c>pic_order_cnt_type</c> (0-2).</summary>
    public int PicOrderCountType { get; private init; }

    /// <summary><c>max_num_ref_frames</c>.</summary>
    public int MaxNumRefFrames { get; private init; }

    /// <summary><c>frame_mbs_only_flag</c>: false when the stream may code fields (interlaced).</summary>
    public bool FrameMbsOnly { get; private init; }

    /// <summary>Coded width in pixels before cropping (a multiple of 16).</summary>
    public int CodedWidth { get; private init; }

    /// <summary>Coded height in pixels before cropping.</summary>
    public int CodedHeight { get; private init; }

    /// <summary>Displayed width in pixels: coded width less the frame cropping.</summary>
    public int Width { get; private init; }

    /// <summary>Displayed height in pixels: coded height less the frame cropping.</summary>
    public int Height { get; private init; }

    /// <summary>True when the SPS carries VUI parameters.</summary>
    public bool HasVui { get; private init; }

    /// <summary>VUI <c>num_units_in_tick</c>, or 0 when no timing information is present.</summary>
    public uint NumUnitsInTick { get; private init; }

    /// <summary>VUI <c>time_scale</c>, or 0 when no timing information is present.</summary>
    public uint TimeScale { get; private init; }

    /// <summary>VUI <c>fixed_frame_rate_flag</c>.</summary>
    public bool FixedFrameRate { get; private init; }

    /// <summary>
    /// Frames per second from the VUI timing information (<c>time_scale / (2 × num_units_in_tick)</c>,
    /// one tick being a field), or null when the SPS does not declare it.
    /// </summary>
    public double? FrameRate => NumUnitsInTick == 0 || TimeScale == 0 ? null : TimeScale / (2.0 * NumUnitsInTick);

    /// <summary>
    /// The SDP <c>profile-level-id</c> (RFC 6184 8.1): profile_idc, the constraint byte and level_idc
    /// as six lower-case hex digits, e.g. <c>42e01f</c>.
    /// </summary>
    public string ProfileLevelId { get; private init; } = "";

    /// <summary>True when <c>constraint_set<paramref name="index"/>_flag</c> (0-5) is set.</summary>
    public bool HasConstraint(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, 5);
        return (ConstraintFlags & (0x80 >> index)) != 0;
    }

    /// <summary>Parses an SPS NAL unit (header byte first, emulation prevention bytes still in).</summary>
    /// <exception cref="InvalidDataException">The unit is not an SPS, is cut short, or holds values H.264 does not allow.</exception>
    public static SequenceParameterSet Parse(ReadOnlySpan<byte> nalUnit)
    {
        var header = NalUnitHeader.Read(nalUnit);
        if (header.Type != NalUnitType.Sps)
            throw new InvalidDataException($"Expected an H.264 SPS (NAL unit type 7), got type {(int)header.Type}.");

        var payload = nalUnit[1..];
        byte[]? rented = null;
        var buffer = payload.Length <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(payload.Length));
        try
        {
            var length = Rbsp.RemoveEmulationPrevention(payload, buffer);
            return ParseRbsp(buffer[..length]);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"Malformed H.264 SPS: {ex.Message}", ex);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static SequenceParameterSet ParseRbsp(ReadOnlySpan<byte> rbsp)
    {
        var reader = new RbspBitReader(rbsp);
        var profileIdc = reader.ReadByte();
        var constraintFlags = reader.ReadByte();
        var levelIdc = reader.ReadByte();
        var spsId = ReadUe(ref reader, 31, "seq_parameter_set_id");

        var chromaFormatIdc = 1;
        var separateColourPlane = false;
        var bitDepthLuma = 8;
        var bitDepthChroma = 8;
        if (HasChromaInfo(profileIdc))
        {
            chromaFormatIdc = ReadUe(ref reader, 3, "chroma_format_idc");
            if (chromaFormatIdc == 3)
                separateColourPlane = reader.ReadBit();
            bitDepthLuma = ReadUe(ref reader, 6, "bit_depth_luma_minus8") + 8;
            bitDepthChroma = ReadUe(ref reader, 6, "bit_depth_chroma_minus8") + 8;
            reader.ReadBit(); // qpprime_y_zero_transform_bypass_flag
            if (reader.ReadBit()) // seq_scaling_matrix_present_flag
            {
                var lists = chromaFormatIdc != 3 ? 8 : 12;
                for (var i = 0; i < lists; i++)
                {
                    if (reader.ReadBit()) // seq_scaling_list_present_flag[i]
                        SkipScalingList(ref reader, i < 6 ? 16 : 64);
                }
            }
        }

        var log2MaxFrameNum = ReadUe(ref reader, 12, "log2_max_frame_num_minus4") + 4;
        var picOrderCountType = ReadUe(ref reader, 2, "pic_order_cnt_type");
        if (picOrderCountType == 0)
        {
            ReadUe(ref reader, 12, "log2_max_pic_order_cnt_lsb_minus4");
        }
        else if (picOrderCountType == 1)
        {
            reader.ReadBit(); // delta_pic_order_always_zero_flag
            reader.ReadSignedExpGolomb(); // offset_for_non_ref_pic
            reader.ReadSignedExpGolomb(); // offset_for_top_to_bottom_field
            var cycle = ReadUe(ref reader, 255, "num_ref_frames_in_pic_order_cnt_cycle");
            for (var i = 0; i < cycle; i++)
                reader.ReadSignedExpGolomb(); // offset_for_ref_frame[i]
        }

        var maxNumRefFrames = ReadUe(ref reader, 32, "max_num_ref_frames");
        reader.ReadBit(); // gaps_in_frame_num_value_allowed_flag
        var widthInMbs = ReadUe(ref reader, MaxDimension / 16 - 1, "pic_width_in_mbs_minus1") + 1;
        var heightInMapUnits = ReadUe(ref reader, MaxDimension / 16 - 1, "pic_height_in_map_units_minus1") + 1;
        var frameMbsOnly = reader.ReadBit();
        if (!frameMbsOnly)
            reader.ReadBit(); // mb_adaptive_frame_field_flag
        reader.ReadBit(); // direct_8x8_inference_flag

        var codedWidth = widthInMbs * 16;
        var codedHeight = (frameMbsOnly ? 1 : 2) * heightInMapUnits * 16;
        int cropLeft = 0, cropRight = 0, cropTop = 0, cropBottom = 0;
        if (reader.ReadBit()) // frame_cropping_flag
        {
            cropLeft = ReadUe(ref reader, MaxDimension, "frame_crop_left_offset");
            cropRight = ReadUe(ref reader, MaxDimension, "frame_crop_right_offset");
            cropTop = ReadUe(ref reader, MaxDimension, "frame_crop_top_offset");
            cropBottom = ReadUe(ref reader, MaxDimension, "frame_crop_bottom_offset");
        }

        // H.264 7.4.2.1.1: crop offsets count in chroma samples, and in field rows when coding fields.
        var chromaArrayType = separateColourPlane ? 0 : chromaFormatIdc;
        var cropUnitX = chromaArrayType is 1 or 2 ? 2 : 1;
        var cropUnitY = (chromaArrayType == 1 ? 2 : 1) * (frameMbsOnly ? 1 : 2);
        var width = codedWidth - (cropUnitX * (cropLeft + cropRight));
        var height = codedHeight - (cropUnitY * (cropTop + cropBottom));
        if (width <= 0 || height <= 0)
            throw new InvalidDataException(
                $"frame cropping ({cropLeft}, {cropRight}, {cropTop}, {cropBottom}) leaves nothing of the {codedWidth}x{codedHeight} coded picture.");

        var hasVui = reader.ReadBit();
        uint numUnitsInTick = 0, timeScale = 0;
        var fixedFrameRate = false;
        if (hasVui)
            ReadVuiTiming(ref reader, out numUnitsInTick, out timeScale, out fixedFrameRate);

        return new SequenceParameterSet
        {
            ProfileIdc = profileIdc,
            ConstraintFlags = constraintFlags,
            LevelIdc = levelIdc,
            SeqParameterSetId = spsId,
            ChromaFormatIdc = chromaFormatIdc,
            SeparateColourPlane = separateColourPlane,
            BitDepthLuma = bitDepthLuma,
            BitDepthChroma = bitDepthChroma,
            Log2MaxFrameNum = log2MaxFrameNum,
            PicOrderCountType = picOrderCountType,
            MaxNumRefFrames = maxNumRefFrames,
            FrameMbsOnly = frameMbsOnly,
            CodedWidth = codedWidth,
            CodedHeight = codedHeight,
            Width = width,
            Height = height,
            HasVui = hasVui,
            NumUnitsInTick = numUnitsInTick,
            TimeScale = timeScale,
            FixedFrameRate = fixedFrameRate,
            ProfileLevelId = string.Create(CultureInfo.InvariantCulture, $"{profileIdc:x2}{constraintFlags:x2}{levelIdc:x2}"),
        };
    }

    /// <summary>The profiles whose SPS carries chroma format, bit depth and scaling matrices (7.3.2.1.1).</summary>
    internal static bool HasChromaInfo(int profileIdc) =>
        profileIdc is 100 or 110 or 122 or 244 or 44 or 83 or 86 or 118 or 128 or 138 or 139 or 134 or 135;

    private static void SkipScalingList(ref RbspBitReader reader, int size)
    {
        // H.264 7.3.2.1.1.1: only the deltas are coded; skipping means decoding them.
        var lastScale = 8;
        var nextScale = 8;
        for (var j = 0; j < size && nextScale != 0; j++)
        {
            var delta = reader.ReadSignedExpGolomb();
            if (delta is < -128 or > 127)
                throw new InvalidDataException($"scaling list delta_scale {delta} is outside -128..127.");
            nextScale = (lastScale + delta + 256) % 256;
            if (nextScale != 0)
                lastScale = nextScale;
        }
    }

    private static void ReadVuiTiming(ref RbspBitReader reader, out uint numUnitsInTick, out uint timeScale, out bool fixedFrameRate)
    {
        // E.1.1, up to timing_info. Some cameras send a VUI cut short after the fields that matter;
        // a missing frame rate is no reason to reject a picture size we already have.
        numUnitsInTick = 0;
        timeScale = 0;
        fixedFrameRate = false;
        try
        {
            if (reader.ReadBit()) // aspect_ratio_info_present_flag
            {
                if (reader.ReadByte() == 255) // aspect_ratio_idc == Extended_SAR
                    reader.SkipBits(32); // sar_width, sar_height
            }

            if (reader.ReadBit()) // overscan_info_present_flag
                reader.ReadBit(); // overscan_appropriate_flag
            if (reader.ReadBit()) // video_signal_type_present_flag
            {
                reader.SkipBits(4); // video_format, video_full_range_flag
                if (reader.ReadBit()) // colour_description_present_flag
                    reader.SkipBits(24); // colour_primaries, transfer_characteristics, matrix_coefficients
            }

            if (reader.ReadBit()) // chroma_loc_info_present_flag
            {
                reader.ReadUnsignedExpGolomb();
                reader.ReadUnsignedExpGolomb();
            }

            if (reader.ReadBit()) // timing_info_present_flag
            {
                var units = reader.ReadBits(32);
                var scale = reader.ReadBits(32);
                fixedFrameRate = reader.ReadBit();
                numUnitsInTick = units;
                timeScale = scale;
            }
        }
        catch (InvalidDataException)
        {
            // A truncated VUI: keep what was read before it ended.
        }
    }

    private static int ReadUe(ref RbspBitReader reader, int max, string field)
    {
        var value = reader.ReadUnsignedExpGolomb();
        if (value > (uint)max)
            throw new InvalidDataException($"{field} is {value}; H.264 allows at most {max}.");
        return (int)value;
    }
}
