using System.Buffers.Binary;

namespace Edge.Media.H264;

/// <summary>
/// Length-prefixed NAL units ("AVCC", ISO 14496-15 sample format), as carried in MP4 samples and
/// RTMP/FLV video tags. Conversion to and from Annex B is in <see cref="AnnexB"/>.
/// </summary>
public static class Avcc
{
    /// <summary>The length prefix Edge writes: 4 bytes, big-endian.</summary>
    public const int DefaultLengthSize = 4;

    /// <summary>Enumerates the NAL units of <paramref name="data"/> without allocating.</summary>
    /// <param name="data">Length-prefixed NAL units.</param>
    /// <param name="lengthSize">Bytes in each big-endian length prefix: 1, 2 or 4 (NALUnitLength of the decoder configuration).</param>
    public static AvccNalUnitEnumerator EnumerateNalUnits(ReadOnlySpan<byte> data, int lengthSize = DefaultLengthSize)
    {
        ValidateLengthSize(lengthSize);
        return new AvccNalUnitEnumerator(data, lengthSize);
    }

    internal static void ValidateLengthSize(int lengthSize)
    {
        if (lengthSize is not (1 or 2 or 4))
            throw new ArgumentOutOfRangeException(nameof(lengthSize), lengthSize, "An AVCC length prefix is 1, 2 or 4 bytes.");
    }

    internal static ulong ReadLength(ReadOnlySpan<byte> prefix) => prefix.Length switch
    {
        1 => prefix[0],
        2 => BinaryPrimitives.ReadUInt16BigEndian(prefix),
        _ => BinaryPrimitives.ReadUInt32BigEndian(prefix),
    };
}
