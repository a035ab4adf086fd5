namespace Edge.Cameras;

/// <summary>Exponential back-off: doubling from an initial delay to a ceiling, reset after a stretch of success.</summary>
internal sealed class Backoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _maximum;
    private TimeSpan _next;

    public Backoff(TimeSpan initial, TimeSpan maximum)
    {
        _initial = initial;
        _maximum = maximum;
        _next = initial;
    }

    /// <summary>The delay before the next attempt; each call doubles the following one, up to the ceiling.</summary>
    public TimeSpan Next()
    {
        var delay = _next;
        _next = TimeSpan.FromTicks(Math.Min(_next.Ticks * 2, _maximum.Ticks));
        return delay;
    }

    public void Reset() => _next = _initial;
}
