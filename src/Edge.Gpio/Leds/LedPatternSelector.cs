namespace Edge.Gpio.Leds;

/// <summary>The daemon's state → each LED's pattern. Pure functions, in priority order.</summary>
public static class LedPatternSelector
{
    /// <summary>The pattern for one LED.</summary>
    public static LedPattern For(LedRole role, in LedHealth health) => role switch
    {
        LedRole.Status => ForStatus(health),
        LedRole.Upstream => ForUpstream(health),
        LedRole.Clients => ForClients(health),
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    /// <summary>
    /// <c>status</c>: off after a clean shutdown; fast blink on a config or fatal error; double
    /// blink while any camera has failed; solid when every camera streams; slow blink otherwise
    /// (starting, or no camera running yet).
    /// </summary>
    public static LedPattern ForStatus(in LedHealth health)
    {
        if (health.ShuttingDown)
            return LedPattern.Off;
        if (health.FatalError)
            return LedPattern.FastBlink;
        if (health.CamerasFailed > 0)
            return LedPattern.DoubleBlink;
        if (health.Cameras > 0 && health.CamerasStreaming == health.Cameras)
            return LedPattern.On;
        return LedPattern.SlowBlink;
    }

    /// <summary>
    /// <c>upstream</c>: off when no push is configured (or on shutdown or a fatal error); solid
    /// when every enabled push is live; blinking while any connects or waits to retry.
    /// </summary>
    public static LedPattern ForUpstream(in LedHealth health)
    {
        if (health.ShuttingDown || health.FatalError || health.Pushes == 0)
            return LedPattern.Off;
        return health.PushesLive == health.Pushes ? LedPattern.On : LedPattern.Blink;
    }

    /// <summary><c>clients</c>: on while at least one RTSP client plays.</summary>
    public static LedPattern ForClients(in LedHealth health) =>
        !health.ShuttingDown && health.RtspClients > 0 ? LedPattern.On : LedPattern.Off;
}
