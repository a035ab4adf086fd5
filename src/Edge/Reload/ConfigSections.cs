namespace Edge.Reload;

/// <summary>The config's tables other than cameras and pushes, as a reload sees them.</summary>
[Flags]
internal enum ConfigSections
{
    None = 0,
    Device = 1 << 0,
    Rtsp = 1 << 1,
    Http = 1 << 2,
    /// <summary><c>[leds]</c> and <c>[button]</c>: one GPIO service owns both.</summary>
    Gpio = 1 << 3,
    Display = 1 << 4,
    Mqtt = 1 << 5,
    Log = 1 << 6,
    Onvif = 1 << 8,
    /// <summary><c>[reload]</c>: whether a saved file is reloaded.</summary>
    Reload = 1 << 9,
    /// <summary><c>[mdns]</c>: whether the cameras are announced through avahi.</summary>
    Mdns = 1 << 10,
    /// <summary>Not a table: any camera added, removed or changed, for services that describe every camera.</summary>
    CameraList = 1 << 7,
}
