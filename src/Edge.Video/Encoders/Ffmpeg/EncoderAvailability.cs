namespace Edge.Video.Encoders.Ffmpeg;

/// <summary>Whether one libavcodec encoder opened here (<see cref="FfmpegVideoEncoder.Survey"/>).</summary>
/// <param name="Name">The encoder's libavcodec name, like <c>libx264</c>.</param>
/// <param name="WhyNot">Null when it opened; otherwise why it did not.</param>
public sealed record EncoderAvailability(string Name, string? WhyNot)
{
    /// <summary>True when the encoder opened.</summary>
    public bool Opens => WhyNot is null;
}
