namespace Edge.Mqtt;

/// <summary>
/// The <c>device</c> block of a Home Assistant discovery config: entities with the same
/// identifiers are grouped into one device.
/// </summary>
/// <param name="Identifiers">Ids unique to this device.</param>
/// <param name="Name">The device's name in Home Assistant.</param>
/// <param name="Manufacturer">Who made it.</param>
/// <param name="Model">What it is.</param>
/// <param name="SwVersion">The edge version.</param>
/// <param name="ViaDevice">The identifier of the device this one is reached through (a camera: its box), or null.</param>
/// <param name="ConfigurationUrl">The status page, or null when it is off.</param>
internal sealed record HomeAssistantDevice(
    string[] Identifiers,
    string Name,
    string Manufacturer,
    string Model,
    string SwVersion,
    string? ViaDevice = null,
    string? ConfigurationUrl = null);
