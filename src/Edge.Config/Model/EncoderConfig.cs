namespace Edge.Config;

/// <summary><c>[camera.NAME.encoder]</c>: how raw pictures become H.264.</summary>
public sealed record EncoderConfig
{
    /// <summary>The FFmpeg encoders tried, in order, when none is configured.</summary>
    public static readonly IReadOnlyList<string> DefaultCodecs = ["h264_v4l2m2m", "h264_rkmpp", "h264_vaapi", "libx264", "libopenh264"];

    public EncoderKind Kind { get; init; } = EncoderKind.Auto;

    /// <summary>For <see cref="EncoderKind.Ffmpeg"/>: encoder names in order of preference.</summary>
    public IReadOnlyList<string> Codecs { get; init; } = DefaultCodecs;

    /// <summary>The V4L2 memory-to-memory encoder device (Raspberry Pi 3/4: <c>/dev/video11</c>).</summary>
    public string Device { get; init; } = "/dev/video11";

    public int BitrateKbps { get; init; } = 2500;

    public TimeSpan KeyframeInterval { get; init; } = TimeSpan.FromSeconds(2);

    public H264Profile Profile { get; init; } = H264Profile.Main;

    /// <summary>libx264's preset; <see cref="EncoderPreset.Auto"/> chooses by picture rate.</summary>
    public EncoderPreset Preset { get; init; } = EncoderPreset.Auto;

    public BitrateMode BitrateMode { get; init; } = BitrateMode.Vbr;

    /// <summary>An H.264 level name from <see cref="H264Levels.Names"/> ("4.1"), or null to let the encoder choose.</summary>
    public string? Level { get; init; }
}
