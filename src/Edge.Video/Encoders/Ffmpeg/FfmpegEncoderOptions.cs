namespace Edge.Video.Encoders.Ffmpeg;

/// <summary>How <see cref="FfmpegVideoEncoder"/> chooses and tunes a libavcodec encoder.</summary>
public sealed record FfmpegEncoderOptions
{
    /// <summary>
    /// Hardware encoders first (Raspberry Pi 0–4 and other V4L2 M2M boards, Rockchip MPP, VAAPI),
    /// then software: libx264, libopenh264.
    /// </summary>
    public static IReadOnlyList<string> DefaultPreference { get; } =
        ["h264_v4l2m2m", "h264_rkmpp", "h264_vaapi", "libx264", "libopenh264"];

    /// <summary>Encoder names in order of preference (<c>camera.X.encoder.codec</c>); the first that opens is used.</summary>
    public IReadOnlyList<string> Preference { get; init; } = DefaultPreference;

    /// <summary>libx264 <c>preset</c> (<c>ultrafast</c> … <c>medium</c>); null chooses by picture rate (<see cref="DefaultX264Preset"/>).</summary>
    public string? X264Preset { get; init; }

    /// <summary>
    /// <c>superfast</c> up to 1280x720 at 30 fps (27.6 million pixels a second), <c>ultrafast</c> above.
    /// </summary>
    /// <remarks>
    /// superfast adds motion and intra analysis, adaptive quantisation and the deblocking filter
    /// that ultrafast turns off. On a camera's noisy picture that holds the quality at about half
    /// the bitrate of ultrafast/baseline; on the clean test pattern it pays nothing beyond what
    /// CABAC (the profile) gives, and on x86_64 it cost no more CPU than ultrafast
    /// (bench/README.md). Larger or faster pictures stay on ultrafast as a margin for small ARM
    /// boards, where its cost was not measured; <c>preset</c> overrides the choice.
    /// </remarks>
    public static string DefaultX264Preset(VideoEncoderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        const long Limit = 1280L * 720 * 30;
        return (long)settings.Width * settings.Height * settings.FramesPerSecond <= Limit ? "superfast" : "ultrafast";
    }

    /// <summary>libx264 <c>tune</c>; <c>zerolatency</c> means no B-frames, no lookahead, one access unit out per frame in.</summary>
    public string X264Tune { get; init; } = "zerolatency";
}
