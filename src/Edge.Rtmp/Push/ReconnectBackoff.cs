namespace Edge.Rtmp.Push;

/// <summary>
/// Exponential back-off with jitter for reconnecting to an upstream: the base delay doubles from
/// an initial value to a ceiling, and each delay is the base moved randomly by up to ±jitter,
/// so many boxes that lost the same server do not all come back in the same second.
/// </summary>
internal sealed class ReconnectBackoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _maximum;
    private readonly double _jitter;
    private readonly Func<double> _random;
    private TimeSpan _next;

    /// <param name="initial">The first delay.</param>
    /// <param name="maximum">The ceiling of the base delay (a jittered delay may exceed it by the jitter).</param>
    /// <param name="jitter">The largest relative deviation, 0 to 1 (0.2: ±20 %).</param>
    /// <param name="random">A source of numbers in [0, 1); <see cref="Random.Shared"/> when null.</param>
    public ReconnectBackoff(TimeSpan initial, TimeSpan maximum, double jitter, Func<double>? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initial, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, initial);
        ArgumentOutOfRangeException.ThrowIfNegative(jitter);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(jitter, 1);
        _initial = initial;
        _maximum = maximum;
        _jitter = jitter;
        _random = random ?? Random.Shared.NextDouble;
        _next = initial;
    }

    /// <summary>The delay before the next attempt; each call doubles the base of the following one, up to the ceiling.</summary>
    public TimeSpan Next()
    {
        var baseDelay = _next;
        _next = TimeSpan.FromTicks(Math.Min(_next.Ticks * 2, _maximum.Ticks));
        var factor = 1 + (_jitter * ((2 * _random()) - 1));
        return TimeSpan.FromTicks((long)(baseDelay.Ticks * factor));
    }

    /// <summary>Back to the initial delay, after a connection that stayed up long enough.</summary>
    public void Reset() => _next = _initial;
}
