using Microsoft.Extensions.Logging;

namespace Edge.Cameras;

/// <summary>Camera pipeline log lines: one per state change, never one per frame.</summary>
internal static partial class CameraLog
{
    [LoggerMessage(100, LogLevel.Information, "camera {Camera}: no device at {Device}; streaming the test pattern instead (source = \"auto\")")]
    public static partial void NoDeviceUsingTestPattern(ILogger logger, string camera, string device);

    [LoggerMessage(101, LogLevel.Information, "camera {Camera}: starting {Description}")]
    public static partial void Starting(ILogger logger, string camera, string description);

    [LoggerMessage(102, LogLevel.Information, "camera {Camera}: streaming {Description}")]
    public static partial void Streaming(ILogger logger, string camera, string description);

    [LoggerMessage(103, LogLevel.Error, "camera {Camera}: failed: {Reason}; retrying in {Delay}")]
    public static partial void Failed(ILogger logger, string camera, string reason, TimeSpan delay);

    [LoggerMessage(104, LogLevel.Debug, "camera {Camera}: failed again: {Reason}; retrying in {Delay}")]
    public static partial void FailedAgain(ILogger logger, string camera, string reason, TimeSpan delay);

    [LoggerMessage(108, LogLevel.Debug, "camera {Camera}: trying {Description} again")]
    public static partial void Retrying(ILogger logger, string camera, string description);

    [LoggerMessage(107, LogLevel.Information, "camera {Camera}: encoding with {Encoder} ({Reason})")]
    public static partial void ChoseEncoder(ILogger logger, string camera, string encoder, string reason);

    [LoggerMessage(106, LogLevel.Information, "camera {Camera}: restarting on request")]
    public static partial void Restarting(ILogger logger, string camera);

    [LoggerMessage(105, LogLevel.Warning, "camera {Camera}: stopped delivering frames without an error; restarting in {Delay}")]
    public static partial void EndedUnexpectedly(ILogger logger, string camera, TimeSpan delay);
}
