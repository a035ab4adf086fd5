using Microsoft.Extensions.Logging;

namespace Edge.Media.Streaming;

/// <summary>Log messages of the stream hub and its readers. Nothing here is logged per frame.</summary>
internal static partial class StreamHubLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Debug,
        Message = "Stream {Stream}: reader {Reader} subscribed (start {StartMode}, queue {Capacity} frames)")]
    public static partial void ReaderSubscribed(ILogger logger, string stream, string reader, SubscriberStartMode startMode, int capacity);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Debug,
        Message = "Stream {Stream}: reader {Reader} left after {Delivered} frames ({Dropped} dropped, {Resyncs} keyframe resyncs)")]
    public static partial void ReaderLeft(ILogger logger, string stream, string reader, long delivered, long dropped, long resyncs);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning,
        Message = "Stream {Stream}: reader {Reader} fell behind (queue of {Capacity} frames full); dropping its frames until the next keyframe, {Dropped} dropped so far")]
    public static partial void ReaderFellBehind(ILogger logger, string stream, string reader, int capacity, long dropped);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information,
        Message = "Stream {Stream}: H.264 {Width}x{Height}, profile-level-id {ProfileLevelId}, {FrameRate} fps declared")]
    public static partial void ParametersChanged(ILogger logger, string stream, int width, int height, string profileLevelId, double frameRate);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning,
        Message = "Stream {Stream}: the encoder sent an SPS/PPS that cannot be used; keeping the previous parameters")]
    public static partial void InvalidParameters(ILogger logger, string stream, Exception exception);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Debug,
        Message = "Stream {Stream}: a GOP outgrew the cache ({MaxFrames} frames / {MaxBytes} bytes); new readers wait for the next keyframe")]
    public static partial void GopCacheOverflow(ILogger logger, string stream, int maxFrames, long maxBytes);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Debug, Message = "Stream {Stream}: asking the encoder for a keyframe")]
    public static partial void KeyframeRequested(ILogger logger, string stream);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Error, Message = "Stream {Stream}: a {Event} handler failed")]
    public static partial void HandlerFailed(ILogger logger, string stream, string @event, Exception exception);

    [LoggerMessage(EventId = 1108, Level = LogLevel.Information, Message = "Stream {Stream}: closed after {Frames} frames")]
    public static partial void Closed(ILogger logger, string stream, long frames);
}
