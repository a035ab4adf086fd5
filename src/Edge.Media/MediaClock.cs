using System.Diagnostics;

namespace Edge.Media;

/// <summary>
/// Conversions from the monotonic clock (<see cref="Stopwatch.GetTimestamp"/> ticks) that every
/// capture timestamp uses to the units media formats need. Exact, and free of overflow for any
/// uptime.
/// </summary>
public static class MediaClock
{
    /// <summary>Units per second of the RTP and H.264 presentation clock.</summary>
    public const int Rate90kHz = 90_000;

    /// <summary>Ticks of <see cref="Stopwatch.GetTimestamp"/> per second.</summary>
    public static long Frequency => Stopwatch.Frequency;

    /// <summary>Converts monotonic ticks to the 90 kHz clock of RTP and H.264 presentation times.</summary>
    public static long To90kHz(long ticks) => Scale(ticks, Rate90kHz);

    /// <summary>The monotonic clock now, on the 90 kHz scale of <see cref="AccessUnit.Pts90kHz"/>.</summary>
    public static long Now90kHz() => To90kHz(Stopwatch.GetTimestamp());

    /// <summary>Converts monotonic ticks to microseconds.</summary>
    public static long ToMicroseconds(long ticks) => Scale(ticks, 1_000_000);

    /// <summary>Converts microseconds to monotonic ticks.</summary>
    public static long FromMicroseconds(long micros) =>
        (long)((Int128)micros * Stopwatch.Frequency / 1_000_000);

    /// <summary>The tick count of the <paramref name="index"/>th frame after <paramref name="start"/> at <paramref name="fps"/>, with no rounding drift.</summary>
    public static long FrameDeadline(long start, long index, int fps) =>
        start + (long)((Int128)index * Stopwatch.Frequency / fps);

    private static long Scale(long ticks, long unitsPerSecond)
    {
        var frequency = Stopwatch.Frequency;
        return (ticks / frequency * unitsPerSecond) + (ticks % frequency * unitsPerSecond / frequency);
    }
}
