namespace Edge.Video.Encoders.Ffmpeg;

/// <summary>
/// FFmpeg could not be loaded, an encoder could not be opened, or a libavcodec call failed. The
/// message names the encoder, the call and FFmpeg's own description of the error.
/// </summary>
public sealed class FfmpegException : Exception
{
    public FfmpegException()
    {
    }

    public FfmpegException(string message)
        : base(message)
    {
    }

    public FfmpegException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <param name="message">What failed, including the encoder name.</param>
    /// <param name="errorCode">The negative AVERROR code FFmpeg returned.</param>
    public FfmpegException(string message, int errorCode)
        : base(message)
    {
        ErrorCode = errorCode;
    }

    /// <summary>The AVERROR code FFmpeg returned, or 0 when the failure was not a libav call's.</summary>
    public int ErrorCode { get; }
}
