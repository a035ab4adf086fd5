using System.Buffers.Binary;

namespace Edge.Media.H264;

/// <summary>
/// <c>AVCDecoderConfigurationRecord</c> (ISO 14496-15 5.3.3.1): the parameter sets and NAL length
/// size a length-prefixed H.264 stream needs, sent as the RTMP/FLV "AVC sequence header" and
/// stored as the MP4 <c>avcC</c> box.
/// </summary>
/// <remarks>
/// For profiles other than Baseline (66), Main (77) and Extended (88) the record carries the
/// chroma format and bit depths after the parameter sets, as FFmpeg writes it.
/// </remarks>
public sealed class AvcDecoderConfigurationRecord
{
    private AvcDecoderConfigurationRecord(
        byte profileIndication,
        byte profileCompatibility,
        byte levelIndication,
        int nalUnitLengthSize,
        IReadOnlyList<byte[]> sequenceParameterSets,
        IReadOnlyList<byte[]> pictureParameterSets,
        HighProfileFields? highProfile)
    {
        ProfileIndication = profileIndication;
        ProfileCompatibility = profileCompatibility;
        LevelIndication = levelIndication;
        NalUnitLengthSize = nalUnitLengthSize;
        SequenceParameterSets = sequenceParameterSets;
        PictureParameterSets = pictureParameterSets;
        if (highProfile is { } fields)
        {
            ChromaFormat = fields.ChromaFormat;
            BitDepthLuma = fields.BitDepthLuma;
            BitDepthChroma = fields.BitDepthChroma;
        }
    }

    /// <summary><c>configurationVersion</c>; always 1.</summary>
    public byte ConfigurationVersion => 1;

    /// <summary><c>AVCProfileIndication</c>: the SPS's <c>profile_idc</c>.</summary>
    public byte ProfileIndication { get; }

    /// <summary><c>profile_compatibility</c>: the SPS's constraint flags byte.</summary>
    public byte ProfileCompatibility { get; }

    /// <summary><c>AVCLevelIndication</c>: the SPS's <c>level_idc</c>.</summary>
    public byte LevelIndication { get; }

    /// <summary>Bytes in each NAL unit length prefix of the samples: 1, 2 or 4.</summary>
    public int NalUnitLengthSize { get; }

    /// <summary>The SPS NAL units, header byte first.</summary>
    public IReadOnlyList<byte[]> SequenceParameterSets { get; }

    /// <summary>The PPS NAL units, header byte first.</summary>
    public IReadOnlyList<byte[]> PictureParameterSets { get; }

    /// <summary><c>chroma_format</c> from the high-profile extension, or null when the record has none.</summary>
    public int? ChromaFormat { get; }

    /// <summary><c>bit_depth_luma_minus8 + 8</c> from the high-profile extension, or null.</summary>
    public int? BitDepthLuma { get; }

    /// <summary><c>bit_depth_chroma_minus8 + 8</c> from the high-profile extension, or null.</summary>
    public int? BitDepthChroma { get; }

    /// <summary>Builds the record for one SPS and one PPS, with 4-byte NAL unit lengths.</summary>
    /// <exception cref="InvalidDataException"><paramref name="sps"/> is not a valid SPS or <paramref name="pps"/> not a PPS.</exception>
    public static AvcDecoderConfigurationRecord Create(ReadOnlySpan<byte> sps, ReadOnlySpan<byte> pps) =>
        Create(sps, SequenceParameterSet.Parse(sps), pps);

    internal static AvcDecoderConfigurationRecord Create(ReadOnlySpan<byte> sps, SequenceParameterSet parsed, ReadOnlySpan<byte> pps)
    {
        if (NalUnitHeader.TypeOf(pps) != NalUnitType.Pps)
            throw new InvalidDataException($"Expected an H.264 PPS (NAL unit type 8), got type {(int)NalUnitHeader.TypeOf(pps)}.");
        if (sps.Length > ushort.MaxValue || pps.Length > ushort.MaxValue)
            throw new InvalidDataException("An H.264 parameter set longer than 65535 bytes does not fit a decoder configuration record.");

        HighProfileFields? highProfile = HasHighProfileFields(parsed.ProfileIdc)
            ? new HighProfileFields(parsed.ChromaFormatIdc, parsed.BitDepthLuma, parsed.BitDepthChroma)
            : null;
        return new AvcDecoderConfigurationRecord(
            parsed.ProfileIdc, parsed.ConstraintFlags, parsed.LevelIdc, Avcc.DefaultLengthSize,
            [sps.ToArray()], [pps.ToArray()], highProfile);
    }

    /// <summary>Bytes that <see cref="WriteTo"/> writes.</summary>
    public int Size
    {
        get
        {
            var size = 6 + 1;
            foreach (var sps in SequenceParameterSets)
                size += 2 + sps.Length;
            foreach (var pps in PictureParameterSets)
                size += 2 + pps.Length;
            if (ChromaFormat is not null)
                size += 4;
            return size;
        }
    }

    /// <summary>Writes the record into <paramref name="destination"/> and returns the bytes written.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="Size"/>.</exception>
    public int WriteTo(Span<byte> destination)
    {
        var size = Size;
        if (destination.Length < size)
            throw new ArgumentException($"Destination holds {destination.Length} bytes; the record needs {size}.", nameof(destination));

        destination[0] = ConfigurationVersion;
        destination[1] = ProfileIndication;
        destination[2] = ProfileCompatibility;
        destination[3] = LevelIndication;
        destination[4] = (byte)(0xFC | (NalUnitLengthSize - 1));
        destination[5] = (byte)(0xE0 | SequenceParameterSets.Count);
        var position = 6;
        foreach (var sps in SequenceParameterSets)
            position = WriteParameterSet(destination, position, sps);
        destination[position++] = (byte)PictureParameterSets.Count;
        foreach (var pps in PictureParameterSets)
            position = WriteParameterSet(destination, position, pps);

        if (ChromaFormat is { } chroma)
        {
            destination[position++] = (byte)(0xFC | chroma);
            destination[position++] = (byte)(0xF8 | (BitDepthLuma.GetValueOrDefault(8) - 8));
            destination[position++] = (byte)(0xF8 | (BitDepthChroma.GetValueOrDefault(8) - 8));
            destination[position++] = 0; // numOfSequenceParameterSetExt
        }

        return position;
    }

    /// <summary>The record as a new array.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>Parses a record, as found in an RTMP/FLV AVC sequence header or an <c>avcC</c> box.</summary>
    /// <exception cref="InvalidDataException">The record is cut short or malformed.</exception>
    public static AvcDecoderConfigurationRecord Parse(ReadOnlySpan<byte> record)
    {
        if (record.Length < 7)
            throw new InvalidDataException($"AVC decoder configuration record is {record.Length} bytes; it needs at least 7.");
        if (record[0] != 1)
            throw new InvalidDataException($"AVC decoder configuration record has version {record[0]}; only version 1 exists.");

        var lengthSize = (record[4] & 0x3) + 1;
        if (lengthSize == 3)
            throw new InvalidDataException("AVC decoder configuration record declares 3-byte NAL unit lengths; only 1, 2 and 4 are allowed.");

        var position = 5;
        var spsCount = record[position++] & 0x1F;
        var sequenceParameterSets = ReadParameterSets(record, ref position, spsCount, "SPS");
        if (position >= record.Length)
            throw new InvalidDataException("AVC decoder configuration record ends before numOfPictureParameterSets.");
        var ppsCount = record[position++];
        var pictureParameterSets = ReadParameterSets(record, ref position, ppsCount, "PPS");

        HighProfileFields? highProfile = null;
        if (HasHighProfileFields(record[1]) && record.Length - position >= 4)
        {
            highProfile = new HighProfileFields(record[position] & 0x3, (record[position + 1] & 0x7) + 8, (record[position + 2] & 0x7) + 8);
        }

        return new AvcDecoderConfigurationRecord(record[1], record[2], record[3], lengthSize, sequenceParameterSets, pictureParameterSets, highProfile);
    }

    private static bool HasHighProfileFields(byte profileIdc) => profileIdc is not (66 or 77 or 88);

    private static int WriteParameterSet(Span<byte> destination, int position, byte[] parameterSet)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination[position..], (ushort)parameterSet.Length);
        parameterSet.CopyTo(destination[(position + 2)..]);
        return position + 2 + parameterSet.Length;
    }

    private static byte[][] ReadParameterSets(ReadOnlySpan<byte> record, ref int position, int count, string kind)
    {
        var sets = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            if (record.Length - position < 2)
                throw new InvalidDataException($"AVC decoder configuration record ends inside the length of {kind} {i + 1} of {count}.");
            var length = BinaryPrimitives.ReadUInt16BigEndian(record[position..]);
            position += 2;
            if (record.Length - position < length)
                throw new InvalidDataException(
                    $"AVC decoder configuration record: {kind} {i + 1} of {count} claims {length} bytes but only {record.Length - position} remain.");
            sets[i] = record.Slice(position, length).ToArray();
            position += length;
        }

        return sets;
    }

    private readonly record struct HighProfileFields(int ChromaFormat, int BitDepthLuma, int BitDepthChroma);
}
