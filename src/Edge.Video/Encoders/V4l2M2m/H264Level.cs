using static Edge.Video.V4l2.Videodev2;

namespace Edge.Video.Encoders.V4l2M2m;

/// <summary>
/// Picks the lowest H.264 level (ITU-T H.264 Table A-1) whose macroblock rate, frame size and
/// bitrate limits hold a stream, as a V4L2_MPEG_VIDEO_H264_LEVEL_* value. Never below 3.0.
/// </summary>
internal static class H264Level
{
    // (V4L2 enum value, name, MaxMBPS, MaxFS in macroblocks, MaxBR in kbit/s for Baseline/Main)
    private static readonly (int Value, string Name, long MaxMbps, long MaxFs, long MaxKbps)[] Levels =
    [
        (V4L2_MPEG_VIDEO_H264_LEVEL_3_0, "3.0", 40_500, 1_620, 10_000),
        (V4L2_MPEG_VIDEO_H264_LEVEL_3_1, "3.1", 108_000, 3_600, 14_000),
        (V4L2_MPEG_VIDEO_H264_LEVEL_3_2, "3.2", 216_000, 5_120, 20_000),
        (V4L2_MPEG_VIDEO_H264_LEVEL_4_0, "4.0", 245_760, 8_192, 20_000),
        (V4L2_MPEG_VIDEO_H264_LEVEL_4_1, "4.1", 245_760, 8_192, 50_000),
        (V4L2_MPEG_VIDEO_H264_LEVEL_4_2, "4.2", 522_240, 8_704, 50_000),
        (V4L2_MPEG_VIDEO_H264_LEVEL_5_0, "5.0", 589_824, 22_080, 135_000),
        (V4L2_MPEG_VIDEO_H264_LEVEL_5_1, "5.1", 983_040, 36_864, 240_000),
    ];

    /// <summary>The V4L2 level value for the stream, or 5.1 when even that is exceeded.</summary>
    public static int Choose(int width, int height, int fps, int bitrateKbps)
    {
        long macroblocks = ((width + 15) / 16) * (long)((height + 15) / 16);
        var rate = macroblocks * fps;
        foreach (var level in Levels)
        {
            if (macroblocks <= level.MaxFs && rate <= level.MaxMbps && bitrateKbps <= level.MaxKbps)
                return level.Value;
        }

        return V4L2_MPEG_VIDEO_H264_LEVEL_5_1;
    }

    /// <summary>The V4L2 value for an SPS <c>level_idc</c> (41 → LEVEL_4_1), or null for a level this table lacks.</summary>
    public static int? FromLevelIdc(int levelIdc)
    {
        foreach (var level in Levels)
        {
            if (decimal.Parse(level.Name, System.Globalization.CultureInfo.InvariantCulture) * 10 == levelIdc)
                return level.Value;
        }

        return null;
    }

    /// <summary>"4.0" for V4L2_MPEG_VIDEO_H264_LEVEL_4_0, etc.</summary>
    public static string Name(int value)
    {
        foreach (var level in Levels)
        {
            if (level.Value == value)
                return level.Name;
        }

        return $"#{value}";
    }
}
