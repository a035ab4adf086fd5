using System.Diagnostics;

namespace Edge.Rtsp.Server;

/// <summary>The 90 kHz clock that access unit presentation times and RTP timestamps use.</summary>
internal static class RtpClock
{
    public const int Rate = 90_000;

    /// <summary>The monotonic clock now, in 90 kHz units (the same scale as <see cref="Media.AccessUnit.Pts90kHz"/>).</summary>
    public static long Now90kHz() => (long)((Int128)Stopwatch.GetTimestamp() * Rate / Stopwatch.Frequency);
}
