namespace Edge.Mqtt;

/// <summary>
/// One Home Assistant MQTT discovery config (the retained JSON on
/// <c>homeassistant/COMPONENT/NODE/OBJECT/config</c>), with the keys of the components edge uses:
/// <c>sensor</c> and <c>binary_sensor</c> (<c>state_topic</c> + <c>value_template</c>),
/// <c>button</c> (<c>command_topic</c> + <c>payload_press</c>) and <c>image</c> (<c>url_topic</c>
/// + <c>url_template</c>). Keys left null are not written.
/// </summary>
internal sealed record HomeAssistantEntityConfig
{
    public required string Name { get; init; }

    /// <summary>Unique across Home Assistant, stable across restarts: lets a user rename the entity.</summary>
    public required string UniqueId { get; init; }

    public required HomeAssistantDevice Device { get; init; }

    public required HomeAssistantOrigin Origin { get; init; }

    /// <summary>The entity is unavailable unless this topic's last message is <c>online</c>.</summary>
    public required string AvailabilityTopic { get; init; }

    public string? StateTopic { get; init; }

    public string? ValueTemplate { get; init; }

    public string? CommandTopic { get; init; }

    public string? PayloadPress { get; init; }

    public string? UrlTopic { get; init; }

    public string? UrlTemplate { get; init; }

    public string? DeviceClass { get; init; }

    public string? StateClass { get; init; }

    public string? UnitOfMeasurement { get; init; }

    /// <summary>The values of an <c>enum</c> sensor.</summary>
    public string[]? Options { get; init; }

    /// <summary><c>diagnostic</c> or <c>config</c>, or null for a primary entity.</summary>
    public string? EntityCategory { get; init; }

    public string? Icon { get; init; }
}
