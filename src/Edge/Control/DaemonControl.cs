using Edge.Cameras;

namespace Edge.Control;

/// <summary>
/// The actions a person can take on a running box without a keyboard (the GPIO button today),
/// in one place so the input that triggers them and the services that carry them out stay apart.
/// </summary>
internal sealed class DaemonControl
{
    private readonly CameraRegistry _cameras;

    public DaemonControl(CameraRegistry cameras)
    {
        _cameras = cameras;
    }

    /// <summary>Raised to restart every camera pipeline (sources and encoders) in place.</summary>
    public event Action? RestartPipelinesRequested;

    /// <summary>Raised to drop and re-open every RTMP push connection.</summary>
    public event Action? ReconnectPushesRequested;

    /// <summary>Asks every camera's encoder for an IDR (rate-limited by each hub).</summary>
    public void ForceKeyframes()
    {
        foreach (var hub in _cameras.Hubs)
            hub.RequestKeyframe();
    }

    /// <summary>Short button press: a fresh keyframe everywhere and fresh upstream connections.</summary>
    public void Refresh()
    {
        ForceKeyframes();
        ReconnectPushesRequested?.Invoke();
    }

    /// <summary>Long button press: restart the camera pipelines without restarting the process.</summary>
    public void RestartPipelines() => RestartPipelinesRequested?.Invoke();
}
