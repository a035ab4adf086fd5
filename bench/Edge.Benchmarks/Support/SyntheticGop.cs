using Edge.Media;

namespace Edge.Benchmarks.Support;

/// <summary>
/// Access units shaped like a 1280x720 30 fps camera stream at a few Mbit/s: one group of pictures
/// of <see cref="Length"/> units, an IDR of about 100 KB (with real SPS and PPS in front, so the
/// hub parses them as it would a camera's) and P pictures of 10 to 30 KB.
/// </summary>
/// <remarks>
/// Slice bytes are filler with no zero byte, so no start code appears inside a NAL unit and the
/// NAL boundaries are exactly the ones written here; the hub and the packetizer never decode a slice.
/// </remarks>
public static class SyntheticGop
{
    /// <summary>Units per GOP: two seconds at 30 fps, the default <c>keyframe_interval_s</c>.</summary>
    public const int Length = 60;

    /// <summary>Bytes of the IDR slice.</summary>
    public const int IdrSliceBytes = 100 * 1024;

    // Written by libx264 for 1280x720 Constrained Baseline 3.1 at 30 fps (captured once from our own encoder).
    private static readonly byte[] Sps = Convert.FromHexString("6742c01fd9005005bb0110000003001000000303c0f1832480");
    private static readonly byte[] Pps = Convert.FromHexString("68cb83cb20");

    /// <summary>Bytes of the slice of P picture <paramref name="index"/> (1 … Length-1): 10 to 30 KB, varying.</summary>
    public static int PSliceBytes(int index) => (10 + (index * 11 % 21)) * 1024;

    /// <summary>The Annex B bytes of unit <paramref name="index"/> of the GOP (0 is the IDR).</summary>
    public static byte[] AnnexB(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Length);
        using var stream = new MemoryStream();
        if (index == 0)
        {
            WriteNal(stream, Sps);
            WriteNal(stream, Pps);
            WriteNal(stream, Slice(0x65, IdrSliceBytes, index)); // nal_ref_idc 3, IDR slice
        }
        else
        {
            WriteNal(stream, Slice(0x41, PSliceBytes(index), index)); // nal_ref_idc 2, non-IDR slice
        }

        return stream.ToArray();
    }

    /// <summary>The whole GOP as access units, each holding one reference the caller owns.</summary>
    public static AccessUnit[] CreateUnits()
    {
        var units = new AccessUnit[Length];
        for (var i = 0; i < Length; i++)
            units[i] = AccessUnit.CopyOf(AnnexB(i), captureTimestamp: 0, pts90kHz: i * 3000L, isKeyframe: i == 0, frameNumber: i);
        return units;
    }

    private static byte[] Slice(byte header, int length, int seed)
    {
        var slice = new byte[length];
        slice[0] = header;
        var state = 0x9E3779B9u ^ (uint)(seed + 1);
        for (var i = 1; i < length; i++)
        {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            slice[i] = (byte)(1 + (state % 255)); // never zero: no start code, no emulation prevention needed
        }

        return slice;
    }

    private static void WriteNal(Stream stream, ReadOnlySpan<byte> nal)
    {
        stream.Write([0, 0, 0, 1]);
        stream.Write(nal);
    }
}
