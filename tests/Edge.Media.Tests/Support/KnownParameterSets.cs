namespace Edge.Media.Tests.Support;

/// <summary>
/// Parameter sets written by libx264 (captured once from ffmpeg's testsrc, so they do not depend
/// on the ffmpeg installed where the tests run).
/// </summary>
internal static class KnownParameterSets
{
    /// <summary>Constrained Baseline 3.1, 1280x720, 30 fps (time_scale 60, num_units_in_tick 1).</summary>
    public static readonly byte[] Sps1280x720Baseline = Convert.FromHexString("6742c01fd9005005bb0110000003001000000303c0f1832480");

    public static readonly byte[] Pps1280x720Baseline = Convert.FromHexString("68cb83cb20");

    /// <summary>High 4.0, 1920x1080 (coded 1920x1088, 8 rows cropped), 30 fps.</summary>
    public static readonly byte[] Sps1920x1080High = Convert.FromHexString("67640028acd940780227e5c044000003000400000300f03c60c658");

    public static readonly byte[] Pps1920x1080High = Convert.FromHexString("68ebe3cb22c0");

    /// <summary>Main 4.0, 1920x1080, 25 fps.</summary>
    public static readonly byte[] Sps1920x1080Main = Convert.FromHexString("674d4028eca03c0113f2e022000003000200000300641e30632c");

    /// <summary>High 3.0, 640x360 (coded 640x368), 30000/1001 fps.</summary>
    public static readonly byte[] Sps640x360High = Convert.FromHexString("6764001eacd940a02ff9701100000303e90000ea600f162d96");

    public static IEnumerable<byte[]> AllSps => [Sps1280x720Baseline, Sps1920x1080High, Sps1920x1080Main, Sps640x360High];
}
