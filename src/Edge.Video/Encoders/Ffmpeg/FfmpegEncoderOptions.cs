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

    /// <summary>libx264 <c>preset</c>; <c>ultrafast</c> keeps a Pi 5 well ahead of 30 fps at 720p.</summary>
    public string X264Preset { get; init; } = "ultrafast";

    /// <summary>libx264 <c>tune</c>; <c>zerolatency</c> means no B-frames, no lookahead, one access unit out per frame in.</summary>
    public string X264Tune { get; init; } = "zerolatency";
}
