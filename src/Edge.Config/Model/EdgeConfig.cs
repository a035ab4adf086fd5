namespace Edge.Config;

/// <summary>The whole daemon's configuration, as read from <c>edge.toml</c> and validated.</summary>
public sealed record EdgeConfig
{
    /// <summary>The file this came from, or null for the built-in defaults.</summary>
    public string? SourcePath { get; init; }

    public DeviceConfig Device { get; init; } = new();

    public RtspConfig Rtsp { get; init; } = new();

    /// <summary>Cameras in file order; each name is its RTSP path.</summary>
    public IReadOnlyList<CameraConfig> Cameras { get; init; } = [];

    public IReadOnlyList<PushConfig> Pushes { get; init; } = [];

    /// <summary>Status LEDs, or null when the board has none configured.</summary>
    public LedsConfig? Leds { get; init; }

    /// <summary>The push button, or null when none is wired.</summary>
    public ButtonConfig? Button { get; init; }

    /// <summary>The OLED status display, or null when none is wired.</summary>
    public DisplayConfig? Display { get; init; }

    /// <summary>The MQTT broker to publish state and Home Assistant discovery to, or null when none is configured.</summary>
    public MqttConfig? Mqtt { get; init; }

    public HttpConfig Http { get; init; } = new();

    /// <summary>ONVIF services and WS-Discovery.</summary>
    public OnvifConfig Onvif { get; init; } = new();

    /// <summary>mDNS / DNS-SD announcements through avahi.</summary>
    public MdnsConfig Mdns { get; init; } = new();

    public LogConfig Log { get; init; } = new();

    public ReloadConfig Reload { get; init; } = new();
}
