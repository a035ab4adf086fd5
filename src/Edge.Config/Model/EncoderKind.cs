namespace Edge.Config;

/// <summary>Which encoder backend turns a camera's frames into H.264.</summary>
public enum EncoderKind
{
    /// <summary>The hardware encoder when the board has one, else libavcodec; passthrough for H.264 sources.</summary>
    Auto,
    V4l2m2m,
    Ffmpeg,
    Passthrough,
}
