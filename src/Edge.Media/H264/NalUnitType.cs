namespace Edge.Media.H264;

/// <summary>
/// <c>nal_unit_type</c>: H.264 table 7-1, plus the aggregation and fragmentation types that
/// RFC 6184 (RTP payload format for H.264) defines in the range the standard leaves unspecified.
/// </summary>
public enum NalUnitType : byte
{
    /// <summary>0: unspecified.</summary>
    Unspecified = 0,

    /// <summary>1: coded slice of a non-IDR picture.</summary>
    NonIdrSlice = 1,

    /// <summary>2: coded slice data partition A.</summary>
    SliceDataPartitionA = 2,

    /// <summary>3: coded slice data partition B.</summary>
    SliceDataPartitionB = 3,

    /// <summary>4: coded slice data partition C.</summary>
    SliceDataPartitionC = 4,

    /// <summary>5: coded slice of an IDR picture.</summary>
    IdrSlice = 5,

    /// <summary>6: supplemental enhancement information.</summary>
    Sei = 6,

    /// <summary>7: sequence parameter set.</summary>
    Sps = 7,

    /// <summary>8: picture parameter set.</summary>
    Pps = 8,

    /// <summary>9: access unit delimiter.</summary>
    AccessUnitDelimiter = 9,

    /// <summary>10: end of sequence.</summary>
    EndOfSequence = 10,

    /// <summary>11: end of stream.</summary>
    EndOfStream = 11,

    /// <summary>12: filler data.</summary>
    FillerData = 12,

    /// <summary>13: sequence parameter set extension.</summary>
    SpsExtension = 13,

    /// <summary>14: prefix NAL unit (SVC/MVC).</summary>
    PrefixNalUnit = 14,

    /// <summary>15: subset sequence parameter set (SVC/MVC).</summary>
    SubsetSps = 15,

    /// <summary>16: depth parameter set (3D-AVC).</summary>
    DepthParameterSet = 16,

    /// <summary>19: coded slice of an auxiliary coded picture without partitioning.</summary>
    AuxiliarySlice = 19,

    /// <summary>20: coded slice extension (SVC/MVC).</summary>
    SliceExtension = 20,

    /// <summary>21: coded slice extension for a depth view component (3D-AVC).</summary>
    SliceExtensionDepth = 21,

    /// <summary>24: RFC 6184 single-time aggregation packet.</summary>
    StapA = 24,

    /// <summary>25: RFC 6184 single-time aggregation packet with decoding order numbers.</summary>
    StapB = 25,

    /// <summary>26: RFC 6184 multi-time aggregation packet, 16-bit timestamp offsets.</summary>
    Mtap16 = 26,

    /// <summary>27: RFC 6184 multi-time aggregation packet, 24-bit timestamp offsets.</summary>
    Mtap24 = 27,

    /// <summary>28: RFC 6184 fragmentation unit.</summary>
    FuA = 28,

    /// <summary>29: RFC 6184 fragmentation unit with a decoding order number.</summary>
    FuB = 29,
}
