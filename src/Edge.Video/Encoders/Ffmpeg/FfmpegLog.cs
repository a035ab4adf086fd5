using Microsoft.Extensions.Logging;

namespace Edge.Video.Encoders.Ffmpeg;

internal static partial class FfmpegLog
{
    [LoggerMessage(EventId = 2200, Level = LogLevel.Information, Message = "Using {Library}")]
    public static partial void LibraryLoaded(ILogger logger, FfmpegLibrary library);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "Encoder {Encoder} skipped: {Reason}")]
    public static partial void EncoderSkipped(ILogger logger, string encoder, string reason);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Information,
        Message = "Encoder {Encoder} opened: {Width}x{Height} at {Fps} fps, IDR every {Gop} frames, {Settings}")]
    public static partial void EncoderOpened(ILogger logger, string encoder, int width, int height, int fps, int gop, string settings);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Warning, Message = "Encoder {Encoder} ignored option {Option}={Value}: {Reason}")]
    public static partial void OptionIgnored(ILogger logger, string encoder, string option, string value, string reason);

    [LoggerMessage(EventId = 2204, Level = LogLevel.Warning,
        Message = "Encoder {Encoder} produced an IDR without SPS/PPS before any were seen; readers cannot start from it")]
    public static partial void IdrWithoutParameterSets(ILogger logger, string encoder);
}
