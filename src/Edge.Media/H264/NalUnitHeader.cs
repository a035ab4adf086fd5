namespace Edge.Media.H264;

/// <summary>The one-byte header that starts every NAL unit (H.264 7.3.1, RFC 6184 5.3).</summary>
/// <param name="Value">The header byte.</param>
public readonly record struct NalUnitHeader(byte Value)
{
    /// <summary><c>forbidden_zero_bit</c>; set only in a damaged unit.</summary>
    public bool ForbiddenZeroBit => (Value & 0x80) != 0;

    /// <summary><c>nal_ref_idc</c> (0-3): 0 means no other picture refers to this one.</summary>
    public int NalRefIdc => (Value >> 5) & 0x3;

    /// <summary><c>nal_unit_type</c>.</summary>
    public NalUnitType Type => (NalUnitType)(Value & 0x1F);

    /// <summary>True for the coded-slice types 1-5, the units that carry a picture.</summary>
    public bool IsVcl => Type is >= NalUnitType.NonIdrSlice and <= NalUnitType.IdrSlice;

    /// <summary>Reads the header of <paramref name="nalUnit"/> (a NAL unit without start code or length prefix).</summary>
    /// <exception cref="InvalidDataException">The unit is empty.</exception>
    public static NalUnitHeader Read(ReadOnlySpan<byte> nalUnit)
    {
        if (nalUnit.IsEmpty)
            throw new InvalidDataException("H.264 NAL unit is empty: it has no header byte.");
        return new NalUnitHeader(nalUnit[0]);
    }

    /// <summary>The type of <paramref name="nalUnit"/>, or <see cref="NalUnitType.Unspecified"/> when it is empty.</summary>
    public static NalUnitType TypeOf(ReadOnlySpan<byte> nalUnit) =>
        nalUnit.IsEmpty ? NalUnitType.Unspecified : (NalUnitType)(nalUnit[0] & 0x1F);
}
