namespace Edge.Media.Tests.Support;

/// <summary>Writes an SPS field by field (H.264 7.3.2.1.1), for shapes ffmpeg does not produce.</summary>
internal sealed record SpsBuilder
{
    public byte ProfileIdc { get; init; } = 100;
    public byte ConstraintFlags { get; init; }
    public byte LevelIdc { get; init; } = 40;
    public uint SpsId { get; init; }
    public uint ChromaFormatIdc { get; init; } = 1;
    public bool SeparateColourPlane { get; init; }
    public uint BitDepthLumaMinus8 { get; init; }
    public uint BitDepthChromaMinus8 { get; init; }
    public bool ScalingLists { get; init; }
    public uint Log2MaxFrameNumMinus4 { get; init; }
    public uint PicOrderCntType { get; init; }
    public uint MaxNumRefFrames { get; init; } = 1;
    public uint WidthInMbs { get; init; } = 80;
    public uint HeightInMapUnits { get; init; } = 45;
    public bool FrameMbsOnly { get; init; } = true;
    public (uint Left, uint Right, uint Top, uint Bottom)? Crop { get; init; }
    public bool Vui { get; init; }
    public bool VuiExtendedSar { get; init; }
    public bool VuiColour { get; init; }
    public (uint NumUnitsInTick, uint TimeScale)? Timing { get; init; }

    public byte[] BuildRbsp()
    {
        var w = new BitWriter();
        w.Bits(ProfileIdc, 8).Bits(ConstraintFlags, 8).Bits(LevelIdc, 8).Ue(SpsId);
        if (ProfileIdc is 100 or 110 or 122 or 244 or 44 or 83 or 86 or 118 or 128 or 138 or 139 or 134 or 135)
        {
            w.Ue(ChromaFormatIdc);
            if (ChromaFormatIdc == 3)
                w.Flag(SeparateColourPlane);
            w.Ue(BitDepthLumaMinus8).Ue(BitDepthChromaMinus8).Flag(false);
            w.Flag(ScalingLists);
            if (ScalingLists)
            {
                var lists = ChromaFormatIdc != 3 ? 8 : 12;
                for (var i = 0; i < lists; i++)
                {
                    var present = i % 2 == 0;
                    w.Flag(present);
                    if (!present)
                        continue;
                    var size = i < 6 ? 16 : 64;
                    // A few real deltas, then delta that makes nextScale 0 (use default list from here).
                    w.Se(3).Se(-2).Se(5);
                    var last = 8 + 3 - 2 + 5;
                    if (size > 3)
                        w.Se(-last);
                }
            }
        }

        w.Ue(Log2MaxFrameNumMinus4).Ue(PicOrderCntType);
        if (PicOrderCntType == 0)
        {
            w.Ue(2);
        }
        else if (PicOrderCntType == 1)
        {
            w.Flag(false).Se(-3).Se(7).Ue(3).Se(1).Se(-1).Se(100);
        }

        w.Ue(MaxNumRefFrames).Flag(false).Ue(WidthInMbs - 1).Ue(HeightInMapUnits - 1).Flag(FrameMbsOnly);
        if (!FrameMbsOnly)
            w.Flag(true);
        w.Flag(true);
        w.Flag(Crop is not null);
        if (Crop is { } crop)
            w.Ue(crop.Left).Ue(crop.Right).Ue(crop.Top).Ue(crop.Bottom);
        w.Flag(Vui);
        if (Vui)
        {
            w.Flag(true).Bits(VuiExtendedSar ? 255u : 1u, 8);
            if (VuiExtendedSar)
                w.Bits(4, 16).Bits(3, 16);
            w.Flag(false); // overscan
            w.Flag(VuiColour);
            if (VuiColour)
                w.Bits(5, 3).Flag(true).Flag(true).Bits(1, 8).Bits(1, 8).Bits(1, 8);
            w.Flag(true).Ue(0).Ue(0); // chroma_loc_info
            w.Flag(Timing is not null);
            if (Timing is { } timing)
                w.Bits(timing.NumUnitsInTick, 32).Bits(timing.TimeScale, 32).Flag(true);
            w.Flag(false).Flag(false).Flag(false).Flag(false); // hrd, hrd, pic_struct, bitstream_restriction
        }

        return w.TrailingBits().ToArray();
    }

    public byte[] Build() => Nal.Unit(0x67, BuildRbsp());
}
