namespace Edge.Media.Health;

/// <summary>Where a camera's pipeline is, as LEDs, systemd and the status page show it.</summary>
public enum CameraState
{
    Starting,
    Streaming,

    /// <summary>A stage failed; the supervisor retries with back-off. The detail says why.</summary>
    Failed,
    Stopped,
}
