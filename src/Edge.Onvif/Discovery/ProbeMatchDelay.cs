namespace Edge.Onvif.Discovery;

/// <summary>
/// How long to wait before answering a Probe. WS-Discovery 1.1 (section 5.2, APP_MAX_DELAY) has a
/// target answering a Probe sent to the multicast group wait a random time up to 500 ms, so that
/// a network of cameras does not answer an NVR's search in one burst that its socket drops. A
/// Probe sent to this box alone is answered at once: nobody else answers it.
/// </summary>
public sealed class ProbeMatchDelay
{
    /// <summary>APP_MAX_DELAY: the longest wait before answering a multicast Probe.</summary>
    public static readonly TimeSpan AppMaxDelay = TimeSpan.FromMilliseconds(500);

    private readonly Random _random;

    /// <param name="random">Where the waits come from: <see cref="Random.Shared"/> but in tests.</param>
    public ProbeMatchDelay(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        _random = random;
    }

    /// <summary>Random waits from <see cref="Random.Shared"/>.</summary>
    public static ProbeMatchDelay Shared { get; } = new(Random.Shared);

    /// <summary>A random wait from 0 to <see cref="AppMaxDelay"/> (both included) for a multicast Probe, none for a unicast one.</summary>
    public TimeSpan For(bool multicast) =>
        multicast ? TimeSpan.FromMilliseconds(_random.Next(0, (int)AppMaxDelay.TotalMilliseconds + 1)) : TimeSpan.Zero;
}
