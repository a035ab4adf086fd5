namespace Edge.Gpio.Leds;

/// <summary>What an LED shows, as <c>[leds]</c> names it.</summary>
public enum LedRole
{
    /// <summary><c>status</c>: the daemon and its cameras.</summary>
    Status,

    /// <summary><c>upstream</c>: the RTMP(S) pushes.</summary>
    Upstream,

    /// <summary><c>clients</c>: someone is watching over RTSP.</summary>
    Clients,
}
