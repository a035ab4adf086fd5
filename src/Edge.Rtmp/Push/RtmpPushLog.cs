using Microsoft.Extensions.Logging;

namespace Edge.Rtmp.Push;

/// <summary>Push log lines: one per state change, never one per frame. Pushes are named by redacted URL only.</summary>
internal static partial class RtmpPushLog
{
    [LoggerMessage(4000, LogLevel.Information, "push {Push}: starting (audio {Audio})")]
    public static partial void Starting(ILogger logger, string push, string audio);

    [LoggerMessage(4002, LogLevel.Debug, "push {Push}: connecting")]
    public static partial void Connecting(ILogger logger, string push);

    [LoggerMessage(4003, LogLevel.Information, "push {Push}: live ({Attempt})")]
    public static partial void Live(ILogger logger, string push, string attempt);

    [LoggerMessage(4004, LogLevel.Warning, "push {Push}: {Message}; retrying in {Delay}")]
    public static partial void Failed(ILogger logger, string push, string message, string delay);

    [LoggerMessage(4005, LogLevel.Debug, "push {Push}: failed again: {Message}; retrying in {Delay}")]
    public static partial void FailedAgain(ILogger logger, string push, string message, string delay);

    [LoggerMessage(4006, LogLevel.Information, "push {Push}: stopped ({Bytes} bytes, {Frames} frames sent, {Dropped} dropped while the upstream was slow)")]
    public static partial void Stopped(ILogger logger, string push, long bytes, long frames, long dropped);

    [LoggerMessage(4007, LogLevel.Warning, "push {Push}: the camera's stream was closed; the push stops")]
    public static partial void StreamClosed(ILogger logger, string push);
}
