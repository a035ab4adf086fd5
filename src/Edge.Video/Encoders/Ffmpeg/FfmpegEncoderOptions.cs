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
    /// superfast keeps CABAC and the 8x8 transform that ultrafast turns off, and searches a little:
    /// about a fifth less bitrate for the same picture (bench/README.md) for about twice the CPU
    /// time per frame. Up to 720p30 that is affordable on every board libx264 runs on (a Pi 5 core
    /// encodes 720p superfast faster than real time); at 1080p30 it would take most of a Pi's
    /// CPU, so larger or faster pictures stay on ultrafast, where a frame is never late.
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
