using Microsoft.Extensions.Logging;

namespace Edge.Live;

/// <summary>Live view log lines: one when a viewer comes and one when it goes, never one per frame.</summary>
internal static partial class LiveLog
{
    [LoggerMessage(7100, LogLevel.Information, "camera {Camera}: live viewer {Viewer} ({Transport}) started")]
    public static partial void ViewerStarted(ILogger logger, string camera, string viewer, string transport);

    [LoggerMessage(7101, LogLevel.Information, "camera {Camera}: live viewer {Viewer} left after {Seconds:0.0} s ({Reason}): {Fragments} fragments, {Bytes} bytes, {Dropped} frames dropped; capture to socket {MeanMs:0.0} ms mean, {MaxMs:0.0} ms max")]
    public static partial void ViewerLeft(ILogger logger, string camera, string viewer, double seconds, string reason, long fragments, long bytes, long dropped, double meanMs, double maxMs);

    [LoggerMessage(7102, LogLevel.Warning, "camera {Camera}: live viewer {Viewer} failed")]
    public static partial void ViewerFailed(ILogger logger, string camera, string viewer, Exception exception);
}
