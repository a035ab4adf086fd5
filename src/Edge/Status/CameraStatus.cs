using Edge.Cameras;
using Edge.Config;
using Edge.Media.Health;

namespace Edge.Status;

/// <summary>One camera as the status page shows it: its health and what its config asks for.</summary>
/// <param name="Name">The camera's name, which is its RTSP path.</param>
/// <param name="State">Where its pipeline is.</param>
/// <param name="Detail">The running mode and encoder while streaming, the reason while failed.</param>
/// <param name="RtspUrl">A URL to play it, with the address the status client reached this box on.</param>
/// <param name="Source">The configured source kind.</param>
/// <param name="Width">Configured picture width; the detail says what actually runs.</param>
/// <param name="Height">Configured picture height.</param>
/// <param name="Fps">Configured frame rate.</param>
/// <param name="Encoder">The configured encoder kind.</param>
/// <param name="SnapshotUrl">Where a JPEG of its current picture is served, on the address the status client reached this box on.</param>
/// <param name="Encoding">The effective settings of the running encoder ("libx264: profile main, preset superfast, …"), empty when none runs.</param>
/// <param name="Measured">Pictures and bits per second the camera actually delivered over the last seconds, null before the first measurement.</param>
/// <param name="RtspClients">RTSP clients playing this camera now.</param>
/// <param name="LiveViewers">Browsers (and live.mp4 readers) watching this camera now.</param>
internal sealed record CameraStatus(
    string Name,
    CameraState State,
    string Detail,
    string RtspUrl,
    CameraSourceKind Source,
    int Width,
    int Height,
    int Fps,
    EncoderKind Encoder,
    string SnapshotUrl,
    string Encoding = "",
    CameraRate? Measured = null,
    int RtspClients = 0,
    int LiveViewers = 0)
{
    /// <summary>Every client watching now (RTSP sessions and live viewers), the longest-watching first.</summary>
    public IReadOnlyList<ClientStatus> Clients { get; init; } = [];

    /// <summary>The path part of the RTSP URL.</summary>
    public string RtspPath => "/" + Name;

    /// <summary>Stable names for the API; the enum's own names may change.</summary>
    public static string StateName(CameraState state) => state switch
    {
        CameraState.Starting => "starting",
        CameraState.Streaming => "streaming",
        CameraState.Failed => "failed",
        CameraState.Stopped => "stopped",
        _ => "unknown",
    };

    /// <summary>The config file's spelling.</summary>
    public static string SourceName(CameraSourceKind source) => source switch
    {
        CameraSourceKind.Auto => "auto",
        CameraSourceKind.V4l2 => "v4l2",
        CameraSourceKind.Rpicam => "rpicam",
        CameraSourceKind.Test => "test",
        CameraSourceKind.File => "file",
        _ => "unknown",
    };

    /// <summary>The config file's spelling.</summary>
    public static string EncoderName(EncoderKind encoder) => encoder switch
    {
        EncoderKind.Auto => "auto",
        EncoderKind.V4l2m2m => "v4l2m2m",
        EncoderKind.Ffmpeg => "ffmpeg",
        EncoderKind.Passthrough => "passthrough",
        _ => "unknown",
    };
}
