namespace Edge.Snapshots;

/// <summary>
/// The cost bound of one camera's snapshots: results are reused while young, requests for the
/// same size share one encode, one encode runs at a time, and only a few may wait.
/// </summary>
/// <remarks>
/// <para>A Home Assistant camera card polls a still-image URL about twice a second, and a status
/// page or several cards may poll the same camera. A result younger than <see cref="MaxAge"/> is
/// answered from memory; a request that finds an encode of the same size under way waits for it
/// rather than starting another; encodes of different sizes take turns (one at a time per
/// camera, so snapshots take at most one core's share of a camera's time however many clients
/// ask); and when <see cref="MaxPending"/> sizes already wait, the request is refused (503, retry
/// in a second) rather than queued. So no client, however many requests or widths it sends,
/// can make edge encode more than one picture at a time per camera, nor hold more than
/// <see cref="MaxPending"/> waiting.</para>
/// <para>A failure (camera not streaming) reaches every request that shared the attempt, and is
/// not kept: the next request tries again. The cache keeps the last result of at most
/// <see cref="MaxPending"/> sizes, dropping the oldest.</para>
/// <para>Encodes run on the service's stopping token, not a request's: a client that hangs up
/// does not cancel a result others wait for.</para>
/// </remarks>
internal sealed class SnapshotCache
{
    /// <summary>How long a result is reused.</summary>
    public static readonly TimeSpan DefaultMaxAge = TimeSpan.FromMilliseconds(500);

    /// <summary>Distinct sizes encoding or waiting to encode at once; also the sizes kept.</summary>
    public const int DefaultMaxPending = 4;

    private readonly Func<int?, CancellationToken, Task<Snapshot>> _produce;
    private readonly TimeProvider _time;
    private readonly CancellationToken _stopping;
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly Dictionary<int, (Snapshot Snapshot, long At)> _done = [];
    private readonly Dictionary<int, Task<Snapshot>> _pending = [];
    private long _produced;

    /// <param name="produce">Makes a snapshot of the requested width (null: full size); called once at a time.</param>
    /// <param name="time">The clock results age on.</param>
    /// <param name="stopping">Cancels encodes when the daemon stops.</param>
    /// <param name="maxAge">How long a result is reused; <see cref="DefaultMaxAge"/> when null.</param>
    /// <param name="maxPending">Sizes that may be encoding or waiting at once; <see cref="DefaultMaxPending"/> when 0.</param>
    public SnapshotCache(Func<int?, CancellationToken, Task<Snapshot>> produce, TimeProvider time, CancellationToken stopping, TimeSpan? maxAge = null, int maxPending = 0)
    {
        _produce = produce;
        _time = time;
        _stopping = stopping;
        MaxAge = maxAge ?? DefaultMaxAge;
        MaxPending = maxPending > 0 ? maxPending : DefaultMaxPending;
    }

    public TimeSpan MaxAge { get; }

    public int MaxPending { get; }

    /// <summary>Snapshots made (not answered from the cache) so far.</summary>
    public long Produced => Interlocked.Read(ref _produced);

    /// <summary>A snapshot of <paramref name="width"/> (null: full size) at most <see cref="MaxAge"/> old when it was made.</summary>
    /// <exception cref="SnapshotUnavailableException">None can be made now; the message says why.</exception>
    public Task<Snapshot> GetAsync(int? width, CancellationToken requestAborted)
    {
        var key = width ?? 0;
        Task<Snapshot>? pending;
        lock (_lock)
        {
            if (_done.TryGetValue(key, out var done) && _time.GetElapsedTime(done.At) < MaxAge)
                return Task.FromResult(done.Snapshot);
            if (!_pending.TryGetValue(key, out pending))
            {
                if (_pending.Count >= MaxPending)
                {
                    return Task.FromException<Snapshot>(new SnapshotUnavailableException(
                        $"{_pending.Count} snapshots of this camera are already being made; ask again in a second") { RetryAfterSeconds = 1 });
                }
                // On the pool: producing is CPU work, and must not run under this lock. Its
                // clean-up takes the lock too, so it cannot remove the entry before it is added.
                pending = Task.Run(() => ProduceAsync(width, key), CancellationToken.None);
                _pending[key] = pending;
            }
        }
        return pending.WaitAsync(requestAborted);
    }

    private async Task<Snapshot> ProduceAsync(int? width, int key)
    {
        try
        {
            await _oneAtATime.WaitAsync(_stopping).ConfigureAwait(false);
            try
            {
                var snapshot = await _produce(width, _stopping).ConfigureAwait(false);
                Interlocked.Increment(ref _produced);
                lock (_lock)
                {
                    _done[key] = (snapshot, _time.GetTimestamp());
                    if (_done.Count > MaxPending)
                        _done.Remove(_done.MinBy(e => e.Value.At).Key);
                }
                return snapshot;
            }
            finally
            {
                _oneAtATime.Release();
            }
        }
        finally
        {
            lock (_lock)
                _pending.Remove(key);
        }
    }
}
