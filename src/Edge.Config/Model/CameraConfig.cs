namespace Edge.Config;

/// <summary><c>[camera.NAME]</c>: one camera; its name is its RTSP path.</summary>
public sealed record CameraConfig
{
    public required string Name { get; init; }

    public CameraSourceKind Source { get; init; } = CameraSourceKind.Auto;

    /// <summary>The V4L2 capture device, for <see cref="CameraSourceKind.V4l2"/> (and probed by auto).</summary>
    public string Device { get; init; } = "/dev/video0";

    public int Width { get; init; } = 1280;

    public int Height { get; init; } = 720;

    public int Fps { get; init; } = 30;

    public CapturePixelFormat Format { get; init; } = CapturePixelFormat.Auto;

    /// <summary>The command that prints H.264 on stdout for <see cref="CameraSourceKind.Rpicam"/>.</summary>
    public string RpicamCommand { get; init; } = "rpicam-vid -t 0 --codec h264 --inline --flush -o -";

    /// <summary>The raw H.264 file played by <see cref="CameraSourceKind.File"/>; null when not set.</summary>
    public string? File { get; init; }

    public EncoderConfig Encoder { get; init; } = new();

    /// <summary>
    /// <c>[camera.NAME.overlay]</c>, or null when the table is absent: then only the test pattern
    /// gets text (<see cref="OverlayConfig.TestPatternText"/>).
    /// </summary>
    public OverlayConfig? Overlay { get; init; }
}
