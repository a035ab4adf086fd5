using Microsoft.Extensions.Logging;

namespace Edge.Hosting;

/// <summary>The daemon's own lifecycle log lines (source-generated; stable event ids).</summary>
internal static partial class EdgeLog
{
    [LoggerMessage(1, LogLevel.Information, "edge {Version} starting: {Notice}")]
    public static partial void Starting(ILogger logger, string version, string notice);

    [LoggerMessage(2, LogLevel.Information, "edge stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(3, LogLevel.Critical, "edge stopped on an unexpected error")]
    public static partial void FatalError(ILogger logger, Exception exception);

    [LoggerMessage(10, LogLevel.Information, "ready: {Status}")]
    public static partial void Ready(ILogger logger, string status);

    [LoggerMessage(11, LogLevel.Information, "systemd watchdog expects a ping every {Interval}; pinging every {PingInterval} while the pipeline is healthy")]
    public static partial void WatchdogEnabled(ILogger logger, TimeSpan interval, TimeSpan pingInterval);

    [LoggerMessage(12, LogLevel.Error, "pipeline stalled ({Cameras} showed no progress for {Limit}); no longer pinging the systemd watchdog so that systemd restarts edge")]
    public static partial void WatchdogWithheld(ILogger logger, string cameras, TimeSpan limit);

    [LoggerMessage(13, LogLevel.Information, "pipeline progressing again; pinging the systemd watchdog")]
    public static partial void WatchdogResumed(ILogger logger);

    [LoggerMessage(14, LogLevel.Information, "stopping")]
    public static partial void Stopping(ILogger logger);
}
