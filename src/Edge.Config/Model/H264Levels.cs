using System.Globalization;

namespace Edge.Config;

/// <summary>
/// The H.264 levels (ITU-T H.264 Table A-1) a camera's <c>encoder.level</c> may name, with the
/// limits that decide whether a picture size, rate and bitrate fit.
/// </summary>
public static class H264Levels
{
    // (name, MaxMBPS macroblocks per second, MaxFS macroblocks per picture, MaxBR kbit/s for Baseline and Main)
    private static readonly (string Name, long MaxMbps, long MaxFs, long MaxKbps)[] Table =
    [
        ("1", 1_485, 99, 64), ("1b", 1_485, 99, 128), ("1.1", 3_000, 396, 192), ("1.2", 6_000, 396, 384),
        ("1.3", 11_880, 396, 768), ("2", 11_880, 396, 2_000), ("2.1", 19_800, 792, 4_000), ("2.2", 20_250, 1_620, 4_000),
        ("3", 40_500, 1_620, 10_000), ("3.1", 108_000, 3_600, 14_000), ("3.2", 216_000, 5_120, 20_000),
        ("4", 245_760, 8_192, 20_000), ("4.1", 245_760, 8_192, 50_000), ("4.2", 522_240, 8_704, 50_000),
        ("5", 589_824, 22_080, 135_000), ("5.1", 983_040, 36_864, 240_000), ("5.2", 2_073_600, 36_864, 240_000),
        ("6", 4_177_920, 139_264, 240_000), ("6.1", 8_355_840, 139_264, 480_000), ("6.2", 16_711_680, 139_264, 800_000),
    ];

    /// <summary>Every level name in order, as written in the config ("3.1", "4", "4.1"…).</summary>
    public static IReadOnlyList<string> Names { get; } = Array.ConvertAll(Table, level => level.Name);

    /// <summary>The canonical name for what a user wrote ("4.0" → "4", "3.10" is not a level), or null.</summary>
    public static string? Normalize(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.EndsWith(".0", StringComparison.Ordinal))
            trimmed = trimmed[..^2];
        foreach (var level in Table)
        {
            if (string.Equals(level.Name, trimmed, StringComparison.OrdinalIgnoreCase))
                return level.Name;
        }
        return null;
    }

    /// <summary>
    /// Why a stream does not fit <paramref name="level"/> (a known name), or null when it does.
    /// High profile may carry 1.25 times the bitrate of Baseline and Main (Table A-2).
    /// </summary>
    public static string? WhyNotFit(string level, int width, int height, int fps, int bitrateKbps, H264Profile profile)
    {
        var limits = Array.Find(Table, l => l.Name == level);
        long macroblocks = (width + 15) / 16 * (long)((height + 15) / 16);
        var maxKbps = profile == H264Profile.High ? limits.MaxKbps * 5 / 4 : limits.MaxKbps;
        if (macroblocks > limits.MaxFs)
            return $"{width}x{height} is {macroblocks} macroblocks a picture and level {level} allows {limits.MaxFs}";
        if (macroblocks * fps > limits.MaxMbps)
            return $"{width}x{height} at {fps} fps is {macroblocks * fps} macroblocks a second and level {level} allows {limits.MaxMbps}";
        if (bitrateKbps > maxKbps)
            return $"{bitrateKbps} kbit/s is more than level {level} allows ({maxKbps.ToString(CultureInfo.InvariantCulture)} kbit/s)";
        return null;
    }

    /// <summary>The lowest level that fits, for the hint in an error; null when none does.</summary>
    public static string? Lowest(int width, int height, int fps, int bitrateKbps, H264Profile profile)
    {
        foreach (var level in Table)
        {
            if (WhyNotFit(level.Name, width, height, fps, bitrateKbps, profile) is null)
                return level.Name;
        }
        return null;
    }
}
