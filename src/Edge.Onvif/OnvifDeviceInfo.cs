namespace Edge.Onvif;

/// <summary>GetDeviceInformation's answer, and the name, hardware and location scopes.</summary>
public sealed record OnvifDeviceInfo
{
    public required string Manufacturer { get; init; }

    public required string Model { get; init; }

    public required string FirmwareVersion { get; init; }

    /// <summary>Stable across restarts and upgrades of this box (derived from its machine id).</summary>
    public required string SerialNumber { get; init; }

    public required string HardwareId { get; init; }

    /// <summary>The box's name: the <c>name</c> scope.</summary>
    public required string Name { get; init; }

    /// <summary>Where the box is, for the <c>location</c> scope.</summary>
    public required string Location { get; init; }

    /// <summary>The host name GetHostname reports.</summary>
    public required string Hostname { get; init; }
}
