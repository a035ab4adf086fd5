namespace Edge.Media.Supervision;

/// <summary>
/// Exponential back-off, the one used for every retry in Edge (cameras, pushes, port binds): the
/// base delay doubles from the policy's initial value to its ceiling, each delay is the base moved
/// randomly by up to ±jitter (so many boxes that lost the same server do not all come back in the
/// same second), and a run that stayed up for the policy's stable period starts the delays over.
/// Time comes from the injected <see cref="TimeProvider"/>. Not thread-safe: one loop owns it.
/// </summary>
public sealed class Backoff
{
    private readonly TimeProvider _time;
    private readonly Func<double> _random;
    private TimeSpan _next;
    private long? _runStarted;

    /// <param name="policy">Delays, ceiling, jitter and stable period.</param>
    /// <param name="time">The clock that measures how long a run lasted.</param>
    /// <param name="random">A source of numbers in [0, 1) for the jitter; <see cref="Random.Shared"/> when null.</param>
    public Backoff(BackoffPolicy policy, TimeProvider time, Func<double>? random = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(time);
        Policy = policy;
        _time = time;
        _random = random ?? Random.Shared.NextDouble;
        _next = policy.Initial;
    }

    public BackoffPolicy Policy { get; }

    /// <summary>
    /// Starts the clock of a run (a pipeline started, a push went live): if the next failure comes
    /// at least the policy's stable period later, the delays start over.
    /// </summary>
    public void RunStarted() => _runStarted = _time.GetTimestamp();

    /// <summary>The delay before the next attempt; each call doubles the base of the following one, up to the ceiling.</summary>
    public TimeSpan Next()
    {
        if (_runStarted is { } started && Policy.StableAfter is { } stable && _time.GetElapsedTime(started) >= stable)
            _next = Policy.Initial;
        _runStarted = null;
        var baseDelay = _next;
        _next = TimeSpan.FromTicks(Math.Min(_next.Ticks * 2, Policy.Maximum.Ticks));
        if (Policy.Jitter == 0)
            return baseDelay;
        var factor = 1 + (Policy.Jitter * ((2 * _random()) - 1));
        return TimeSpan.FromTicks((long)(baseDelay.Ticks * factor));
    }

    /// <summary>Back to the initial delay (a restart asked for by a person, say).</summary>
    public void Reset()
    {
        _next = Policy.Initial;
        _runStarted = null;
    }
}
