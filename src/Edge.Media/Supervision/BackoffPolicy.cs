namespace Edge.Media.Supervision;

/// <summary>
/// How long to wait between attempts: <see cref="Initial"/> doubling after each failure up to
/// <see cref="Maximum"/>, each delay moved randomly by up to ±<see cref="Jitter"/>, and back to
/// <see cref="Initial"/> once a run stayed up for <see cref="StableAfter"/>.
/// </summary>
public sealed record BackoffPolicy
{
    /// <summary>Creates a policy; the values are checked here, so a policy that exists is usable.</summary>
    /// <param name="initial">The first delay, more than zero.</param>
    /// <param name="maximum">The ceiling of the base delay, at least <paramref name="initial"/>.</param>
    /// <param name="jitter">The largest relative deviation of a delay, 0 to 1 (0.2: ±20 %).</param>
    /// <param name="stableAfter">A run that lasted this long resets the delay; null: only <see cref="Backoff.Reset"/> does.</param>
    public BackoffPolicy(TimeSpan initial, TimeSpan maximum, double jitter = 0, TimeSpan? stableAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initial, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, initial);
        ArgumentOutOfRangeException.ThrowIfNegative(jitter);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(jitter, 1);
        if (stableAfter is { } stable)
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(stable, TimeSpan.Zero, nameof(stableAfter));
        Initial = initial;
        Maximum = maximum;
        Jitter = jitter;
        StableAfter = stableAfter;
    }

    /// <summary>The first delay.</summary>
    public TimeSpan Initial { get; }

    /// <summary>The ceiling of the base delay (a jittered delay may pass it by the jitter).</summary>
    public TimeSpan Maximum { get; }

    /// <summary>The largest relative deviation of a delay, 0 to 1.</summary>
    public double Jitter { get; }

    /// <summary>A run that lasted this long starts the delays over; null when only an explicit reset does.</summary>
    public TimeSpan? StableAfter { get; }
}
