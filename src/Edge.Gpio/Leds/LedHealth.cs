using Edge.Media.Health;

namespace Edge.Gpio.Leds;

/// <summary>
/// The few facts from the <see cref="HealthModel"/> that the LEDs show, so that choosing a
/// pattern is a pure function of a value.
/// </summary>
/// <param name="ShuttingDown">The daemon is stopping cleanly: every LED goes dark.</param>
/// <param name="FatalError">A config or fatal error stops the daemon from working.</param>
/// <param name="Cameras">Cameras that are not stopped.</param>
/// <param name="CamerasStreaming">Of those, how many stream.</param>
/// <param name="CamerasFailed">Of those, how many failed (their supervisor retries).</param>
/// <param name="Pushes">Pushes that are configured and enabled.</param>
/// <param name="PushesLive">Of those, how many are live.</param>
/// <param name="RtspClients">RTSP clients playing.</param>
public readonly record struct LedHealth(
    bool ShuttingDown,
    bool FatalError,
    int Cameras,
    int CamerasStreaming,
    int CamerasFailed,
    int Pushes,
    int PushesLive,
    int RtspClients)
{
    /// <summary>Reads the model's current snapshot.</summary>
    public static LedHealth From(HealthModel health, bool shuttingDown = false)
    {
        ArgumentNullException.ThrowIfNull(health);
        int cameras = 0, streaming = 0, failed = 0;
        foreach (var camera in health.Cameras)
        {
            if (camera.State == CameraState.Stopped)
                continue;
            cameras++;
            if (camera.State == CameraState.Streaming)
                streaming++;
            else if (camera.State == CameraState.Failed)
                failed++;
        }
        int pushes = 0, live = 0;
        foreach (var push in health.Pushes)
        {
            if (push.State == PushState.Disabled)
                continue;
            pushes++;
            if (push.State == PushState.Live)
                live++;
        }
        return new LedHealth(shuttingDown, health.FatalError is not null, cameras, streaming, failed, pushes, live, health.RtspClients);
    }
}
