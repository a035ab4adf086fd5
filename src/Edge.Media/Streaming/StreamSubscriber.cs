using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Edge.Media.Streaming;

/// <summary>
/// One reader of a <see cref="StreamHub"/> (an RTSP session, an RTMP publisher, a recorder), with
/// its own bounded queue of access units.
/// </summary>
/// <remarks>
/// <para>
/// Every unit that <see cref="ReadAsync"/> or <see cref="TryRead"/> returns carries a reference
/// the reader now owns: call <see cref="AccessUnit.Release"/> when done with it.
/// </para>
/// <para>
/// When the queue is full the hub drops the frame for this reader only, counts it, and skips
/// everything for this reader until the next IDR, so that what the reader gets always decodes.
/// </para>
/// <para>
/// <see cref="Dispose"/> leaves the hub and releases every unit still queued. Reading from one
/// thread while another disposes is safe.
/// </para>
/// </remarks>
public sealed class StreamSubscriber : IDisposable
{
    private const int JoinPending = 0;
    private const int Joined = 1;
    private const int JoinAbandoned = 2;

    private readonly StreamHub _hub;
    private readonly Channel<AccessUnit> _queue;
    private int _joinState;
    private long _delivered;
    private long _dropped;
    private long _resyncs;
    private int _disposed;
    private StreamClosedException? _closedReason;
    private CancellationToken _endedBy;
    private int _ended;

    // Touched only by the hub's producer thread.
    private bool _waitingForKeyframe = true;
    private bool _resyncing;
    private long _nextDropLog = long.MinValue;

    internal StreamSubscriber(StreamHub hub, string name, int capacity, SubscriberStartMode startMode, bool joinsLater)
    {
        _hub = hub;
        _joinState = joinsLater ? JoinPending : Joined;
        Name = name;
        Capacity = capacity;
        StartMode = startMode;
        _queue = Channel.CreateBounded<AccessUnit>(new BoundedChannelOptions(capacity)
        {
            // Wait (not DropOldest/DropWrite) so that TryWrite reports a full queue to the hub.
            FullMode = BoundedChannelFullMode.Wait,
            AllowSynchronousContinuations = false,
        });
    }

    /// <summary>The reader's name, for logs and status.</summary>
    public string Name { get; }

    /// <summary>Frames the queue holds.</summary>
    public int Capacity { get; }

    /// <summary>Where the reader started: the requested mode, or <see cref="SubscriberStartMode.FromCachedGop"/> when the encoder cannot force keyframes.</summary>
    public SubscriberStartMode StartMode { get; }

    /// <summary>Frames put into this reader's queue.</summary>
    public long DeliveredFrames => Interlocked.Read(ref _delivered);

    /// <summary>Frames this reader lost: each one that found its queue full, and each one skipped while waiting for the IDR after that.</summary>
    public long DroppedFrames => Interlocked.Read(ref _dropped);

    /// <summary>Times the reader, having dropped frames, resumed at an IDR.</summary>
    public long KeyframeResyncs => Interlocked.Read(ref _resyncs);

    /// <summary>Frames waiting in the queue.</summary>
    public int QueuedFrames => _queue.Reader.Count;

    /// <summary>True until the reader's first IDR, and after a drop until the next one.</summary>
    public bool IsWaitingForKeyframe => Volatile.Read(ref _waitingForKeyframe);

    internal bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>The producer takes a waiting reader into the hub; false when the reader left first.</summary>
    internal bool TryMarkJoined() => Interlocked.CompareExchange(ref _joinState, Joined, JoinPending) == JoinPending;

    /// <summary>A reader leaving before the producer took it in; false when it had already joined.</summary>
    internal bool TryAbandonJoin() => Interlocked.CompareExchange(ref _joinState, JoinAbandoned, JoinPending) == JoinPending;

    /// <summary>Takes the next queued unit if there is one. The caller owns the returned reference.</summary>
    public bool TryRead([MaybeNullWhen(false)] out AccessUnit unit)
    {
        if (IsDisposed)
        {
            unit = null;
            return false;
        }

        return _queue.Reader.TryRead(out unit);
    }

    /// <summary>Waits for the next unit. The caller owns the returned reference.</summary>
    /// <exception cref="StreamClosedException">The hub was completed and every queued unit has been read.</exception>
    /// <exception cref="ObjectDisposedException">This reader was disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <remarks>
    /// A reader that waits every frame should pass no token here and end its waits with
    /// <see cref="EndWhen"/> instead: a bounded channel allocates a new waiter for every wait on
    /// a token that can be cancelled (about 100 bytes per frame per reader).
    /// </remarks>
    public ValueTask<AccessUnit> ReadAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        ThrowIfEnded();
        if (_queue.Reader.TryRead(out var unit))
            return new ValueTask<AccessUnit>(unit);
        return ReadSlowAsync(cancellationToken);
    }

    /// <summary>
    /// Waits until a unit can be read; false once the hub was completed (or this reader disposed)
    /// and the queue is empty. For loops that drain with <see cref="TryRead"/>.
    /// </summary>
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default) =>
        _queue.Reader.WaitToReadAsync(cancellationToken);

    /// <summary>
    /// Ends this reader when <paramref name="token"/> is cancelled: a pending or later
    /// <see cref="ReadAsync"/> throws <see cref="OperationCanceledException"/>. For loops that
    /// read until they stop, registered once rather than passed to every read. Units still
    /// queued are released by <see cref="Dispose"/>.
    /// </summary>
    public CancellationTokenRegistration EndWhen(CancellationToken token) =>
        token.UnsafeRegister(static (state, token) =>
        {
            var reader = (StreamSubscriber)state!;
            reader._endedBy = token;
            Volatile.Write(ref reader._ended, 1);
            reader._queue.Writer.TryComplete();
        }, this);

    /// <summary>Leaves the hub and releases every unit still queued.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _hub.Remove(this);
        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out var unit))
            unit.Release();
        StreamHubLog.ReaderLeft(_hub.Logger, _hub.Name, Name, DeliveredFrames, DroppedFrames, KeyframeResyncs);
    }

    /// <summary>
    /// Hands <paramref name="unit"/> to this reader: queued with a reference of its own, skipped
    /// while waiting for an IDR, or dropped when the queue is full. Producer thread only; never blocks.
    /// </summary>
    internal void Offer(AccessUnit unit, long now)
    {
        if (_waitingForKeyframe && !unit.IsKeyframe)
        {
            if (_resyncing)
            {
                Interlocked.Increment(ref _dropped);
                _hub.CountReaderDrop();
            }
            return;
        }

        unit.Retain();
        if (_queue.Writer.TryWrite(unit))
        {
            Interlocked.Increment(ref _delivered);
            if (_waitingForKeyframe)
            {
                Volatile.Write(ref _waitingForKeyframe, false);
                if (_resyncing)
                {
                    _resyncing = false;
                    Interlocked.Increment(ref _resyncs);
                }
            }

            return;
        }

        unit.Release();
        if (IsDisposed || Volatile.Read(ref _closedReason) is not null)
            return;

        var dropped = Interlocked.Increment(ref _dropped);
        _hub.CountReaderDrop();
        Volatile.Write(ref _waitingForKeyframe, true);
        _resyncing = true;
        if (now >= _nextDropLog)
        {
            _nextDropLog = now + _hub.DropLogIntervalTicks;
            StreamHubLog.ReaderFellBehind(_hub.Logger, _hub.Name, Name, Capacity, dropped);
        }
    }

    /// <summary>Ends the reader because the hub closed: queued units stay readable, then reads fail with <paramref name="reason"/>.</summary>
    internal void Complete(StreamClosedException reason)
    {
        Interlocked.CompareExchange(ref _closedReason, reason, null);
        _queue.Writer.TryComplete();
    }

    private void ThrowIfEnded()
    {
        if (Volatile.Read(ref _ended) != 0)
            throw new OperationCanceledException(_endedBy);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<AccessUnit> ReadSlowAsync(CancellationToken cancellationToken)
    {
        while (await _queue.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ThrowIfEnded();
            if (_queue.Reader.TryRead(out var unit))
                return unit;
        }

        ObjectDisposedException.ThrowIf(IsDisposed, this);
        ThrowIfEnded();
        var reason = Volatile.Read(ref _closedReason);
        throw reason is null
            ? new StreamClosedException($"Stream '{_hub.Name}' was closed.")
            : new StreamClosedException(reason.Message, reason.InnerException);
    }
}
