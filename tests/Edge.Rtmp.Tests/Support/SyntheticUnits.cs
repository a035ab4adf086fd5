using Edge.Media;

namespace Edge.Rtmp.Tests.Support;

/// <summary>Access units built by hand: real parameter sets (libx264's), slices of filler, for tests that need no decoder.</summary>
internal static class SyntheticUnits
{
    // Constrained Baseline 3.1, 1280x720 (the same bytes as Edge.Media's tests).
    public static readonly byte[] Sps = Convert.FromHexString("6742c01fd9005005bb0110000003001000000303c0f1832480");
    public static readonly byte[] Pps = Convert.FromHexString("68cb83cb20");

    /// <summary>An IDR access unit: SPS, PPS and a slice of <paramref name="sliceBytes"/> bytes.</summary>
    public static AccessUnit Keyframe(long pts90kHz, int sliceBytes = 1000, long frameNumber = 0)
    {
        var data = new List<byte>();
        data.AddRange([0, 0, 0, 1]);
        data.AddRange(Sps);
        data.AddRange([0, 0, 0, 1]);
        data.AddRange(Pps);
        data.AddRange([0, 0, 0, 1, 0x65]);
        data.AddRange(Filler(sliceBytes));
        return AccessUnit.CopyOf(data.ToArray(), 0, pts90kHz, isKeyframe: true, frameNumber);
    }

    /// <summary>A non-IDR access unit of <paramref name="sliceBytes"/> bytes.</summary>
    public static AccessUnit Interframe(long pts90kHz, int sliceBytes = 500, long frameNumber = 0)
    {
        byte[] data = [0, 0, 0, 1, 0x41, .. Filler(sliceBytes)];
        return AccessUnit.CopyOf(data, 0, pts90kHz, isKeyframe: false, frameNumber);
    }

    // No zero bytes, so no start code appears inside the slice.
    private static byte[] Filler(int length) => Enumerable.Range(0, length).Select(i => (byte)(1 + (i % 251))).ToArray();
}
