namespace Edge.Media.Supervision;

/// <summary>
/// The state of one retried thing (a camera, a push, a port to bind): its <see cref="Backoff"/>
/// and the "log once per reason" rule. The owner runs the loop; this says how long to wait and
/// whether a failure is news.
/// </summary>
/// <example>
/// <code>
/// while (!stopping.IsCancellationRequested)
/// {
///     retry.RunStarted();
///     try { await RunAsync(stopping); } catch (Exception e) { reason = e.Message; }
///     var decision = retry.Failed(reason);
///     if (decision.IsNewReason) LogFailed(reason, decision.Delay); else LogFailedAgain(reason, decision.Delay);
///     if (!await retry.WaitAsync(decision.Delay, stopping)) break;
/// }
/// </code>
/// </example>
public sealed class RetryLoop
{
    private readonly TimeProvider _time;
    private string? _lastReason;

    public RetryLoop(BackoffPolicy policy, TimeProvider time, Func<double>? random = null)
    {
        Backoff = new Backoff(policy, time, random);
        _time = time;
    }

    public Backoff Backoff { get; }

    /// <summary>True from a failure until the next <see cref="Recovered"/>: the attempt now running is a retry.</summary>
    public bool IsRetrying => _lastReason is not null;

    /// <summary>The reason of the last failure, or null when things worked since.</summary>
    public string? LastReason => _lastReason;

    /// <summary>A run begins: its length counts toward the back-off's stable period.</summary>
    public void RunStarted() => Backoff.RunStarted();

    /// <summary>
    /// Things work again (the camera streams, the push is live): the next failure is news even
    /// if its reason is the old one.
    /// </summary>
    public void Recovered() => _lastReason = null;

    /// <summary>Records a failure: how long to wait, and whether its reason is news.</summary>
    public RetryDecision Failed(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var isNew = !string.Equals(reason, _lastReason, StringComparison.Ordinal);
        _lastReason = reason;
        return new RetryDecision(Backoff.Next(), isNew);
    }

    /// <summary>Back to the shortest delay (a restart asked for by a person).</summary>
    public void Reset() => Backoff.Reset();

    /// <summary>
    /// Waits out <paramref name="delay"/> on the injected clock. With <paramref name="heartbeat"/>,
    /// waits at most <paramref name="heartbeatInterval"/> at a time and calls it before each slice,
    /// so a watchdog knows the waiting owner is alive. Returns false when cancelled.
    /// </summary>
    public async Task<bool> WaitAsync(TimeSpan delay, CancellationToken cancellationToken, Action? heartbeat = null, TimeSpan? heartbeatInterval = null)
    {
        var slice = heartbeat is null ? delay : heartbeatInterval ?? TimeSpan.FromSeconds(1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(slice, TimeSpan.Zero, nameof(heartbeatInterval));
        var started = _time.GetTimestamp();
        while (!cancellationToken.IsCancellationRequested)
        {
            // Time passes between checks: never hand Task.Delay a negative span.
            var remaining = delay - _time.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
                return true;
            heartbeat?.Invoke();
            try
            {
                await Task.Delay(remaining < slice ? remaining : slice, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
        return false;
    }
}
