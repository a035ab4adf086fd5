namespace Edge.Config;

/// <summary><c>[device]</c>: how this box names itself in logs, SDP and stream metadata.</summary>
public sealed record DeviceConfig
{
    public string Name { get; init; } = "edge-cam";
}
