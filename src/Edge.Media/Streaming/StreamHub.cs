using System.Collections.Concurrent;
using System.Collections.Immutable;
using Edge.Media.H264;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Media.Streaming;

/// <summary>
/// The fan-out point of one camera: the encoder publishes H.264 access units, and every reader
/// (RTSP sessions, RTMP publishers, …) gets them through its own bounded queue. Knows no protocol.
/// </summary>
/// <remarks>
/// <para>
/// <b>Threads.</b> <see cref="Publish"/> is called by one producer thread. It never blocks, takes
/// no hub-wide lock and allocates nothing per frame in steady state: the reader list is
/// copy-on-write, each reader's queue is a bounded channel written with <c>TryWrite</c> (whose
/// short internal lock is shared only with that reader), and a reader whose queue is full loses
/// the frame (and, to stay decodable, every frame up to the next IDR) without slowing the
/// producer or anyone else. <see cref="Subscribe"/>, reader disposal and
/// <see cref="Complete"/> may be called from any thread.
/// </para>
/// <para>
/// <b>Ownership.</b> <see cref="Publish"/> takes over the caller's reference to the unit; the hub
/// retains one per holder (the GOP cache, each reader queue) and releases the caller's before it
/// returns. The caller must not touch the unit afterwards.
/// </para>
/// <para>
/// <b>GOP cache.</b> The hub keeps the last IDR and every frame after it (bounded by
/// <see cref="StreamHubOptions.MaxGopFrames"/> and <see cref="StreamHubOptions.MaxGopBytes"/>), so
/// a reader that subscribes with <see cref="SubscriberStartMode.FromCachedGop"/> starts with a
/// decodable picture. So that the cache is only ever touched by the producer, such a reader joins
/// when the next unit is published: it gets the cached GOP, ending with that unit, then live units.
/// </para>
/// </remarks>
public sealed class StreamHub : IDisposable
{
    private const int ProducerIdle = 0;
    private const int ProducerPublishing = 1;
    private const int ProducerClosing = 2;
    private const long NoKeyframeRequestYet = long.MinValue;

    private readonly StreamHubOptions _options;
    private readonly TimeProvider _time;
    private readonly GopCache _gop;
    private readonly ConcurrentQueue<StreamSubscriber> _pendingJoins = new();
    private readonly ConcurrentQueue<ProcessorRegistration> _pendingProcessors = new();
    private readonly TaskCompletionSource<H264Parameters> _firstParameters = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly long _keyframeRequestIntervalTicks;

    private ImmutableArray<StreamSubscriber> _readers = ImmutableArray<StreamSubscriber>.Empty;
    private ImmutableArray<ProcessorRegistration> _processors = ImmutableArray<ProcessorRegistration>.Empty;
    private volatile H264Parameters? _parameters;
    private volatile bool _canForceKeyframes;
    private StreamClosedException? _closedException;
    private int _closed;
    private int _producerState;
    private int _pendingJoinCount;
    private long _framesPublished;
    private long _bytesPublished;
    private long _readerDroppedFrames;
    private long _lastFrameTimestamp;
    private long _keyframeRequests;
    private long _lastKeyframeRequest = NoKeyframeRequestYet;
    private int _keyframeRequestPending;
    private bool _gopOverflowLogged;

    // Touched only by the producer thread.
    private byte[]? _rejectedSps;

    /// <summary>Creates the hub of one camera.</summary>
    /// <param name="name">The camera's name (its RTSP path), for logs and errors.</param>
    /// <param name="options">Cache bounds and timing; <see cref="StreamHubOptions.Default"/> when null.</param>
    /// <param name="timeProvider">The clock for rate limits and health; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">Where to log; nothing is logged per frame.</param>
    public StreamHub(string name, StreamHubOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        options ??= StreamHubOptions.Default;
        options.Validate();
        Name = name;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        Logger = logger ?? NullLogger.Instance;
        _gop = new GopCache(options.MaxGopFrames, options.MaxGopBytes);
        _keyframeRequestIntervalTicks = ToTimestampTicks(options.KeyframeRequestInterval);
        DropLogIntervalTicks = ToTimestampTicks(options.DropLogInterval);
    }

    /// <summary>
    /// Raised when a reader needs an IDR sooner than the encoder's keyframe interval would give it,
    /// at most once per <see cref="StreamHubOptions.KeyframeRequestInterval"/> across all readers.
    /// The encoder hooks it to force a keyframe. Raised on the subscribing thread or the producer
    /// thread: handlers must return at once (set a flag the encoder loop reads).
    /// </summary>
    public event EventHandler? KeyframeRequested;

    /// <summary>
    /// Raised on the producer thread when the stream's SPS/PPS first appear or change (the SDP and
    /// the RTMP sequence header derive from them). Handlers must return at once.
    /// </summary>
    public event EventHandler<H264Parameters>? ParametersChanged;

    /// <summary>The camera's name.</summary>
    public string Name { get; }

    /// <summary>
    /// Set by the pipeline when the encoder can produce an IDR on request. When false,
    /// <see cref="SubscriberStartMode.NextKeyframe"/> readers start from the cached GOP instead.
    /// </summary>
    public bool CanForceKeyframes
    {
        get => _canForceKeyframes;
        set => _canForceKeyframes = value;
    }

    /// <summary>The current parameter sets, or null before the first keyframe that carried them.</summary>
    public H264Parameters? Parameters => _parameters;

    /// <summary>Units published since the hub was created.</summary>
    public long FramesPublished => Interlocked.Read(ref _framesPublished);

    /// <summary>Bytes of the units published since the hub was created (8 times its rate is the bitrate).</summary>
    public long BytesPublished => Interlocked.Read(ref _bytesPublished);

    /// <summary>Frames lost by readers that fell behind (the frame that found the queue full and those skipped to the next IDR), all readers together, since the hub was created.</summary>
    public long ReaderDroppedFrames => Interlocked.Read(ref _readerDroppedFrames);

    /// <summary>Frames in the GOP cache (0 while it waits for an IDR after an overflow).</summary>
    public int CurrentGopLength => _gop.Count;

    /// <summary>Bytes in the GOP cache.</summary>
    public long CurrentGopBytes => _gop.Bytes;

    /// <summary>Times a GOP outgrew the cache bounds and was dropped.</summary>
    public long GopCacheOverflows => _gop.Overflows;

    /// <summary>Readers subscribed, counting those that join at the next published unit.</summary>
    public int ReaderCount => _readers.Length + Volatile.Read(ref _pendingJoinCount);

    /// <summary><see cref="KeyframeRequested"/> events raised so far.</summary>
    public long KeyframeRequests => Interlocked.Read(ref _keyframeRequests);

    /// <summary>When the last unit was published, in <see cref="TimeProvider.GetTimestamp"/> ticks of the hub's clock; null before the first.</summary>
    public long? LastFrameTimestamp => FramesPublished == 0 ? null : Interlocked.Read(ref _lastFrameTimestamp);

    /// <summary>Time since the last unit was published, for stall detection; null before the first.</summary>
    public TimeSpan? TimeSinceLastFrame => LastFrameTimestamp is { } last ? _time.GetElapsedTime(last) : null;

    /// <summary>True once <see cref="Complete"/> (or <see cref="Dispose"/>) was called.</summary>
    public bool IsCompleted => Volatile.Read(ref _closed) != 0;

    internal ILogger Logger { get; }

    internal long DropLogIntervalTicks { get; }

    /// <summary>
    /// Hands a unit to the GOP cache and every reader. Takes over the caller's reference (see the
    /// class remarks). Never blocks. After <see cref="Complete"/> the unit is released and ignored.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another thread is inside <see cref="Publish"/> at the same time.</exception>
    public void Publish(AccessUnit unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var state = Interlocked.CompareExchange(ref _producerState, ProducerPublishing, ProducerIdle);
        if (state != ProducerIdle)
        {
            unit.Release();
            if (state == ProducerPublishing)
                throw new InvalidOperationException($"Stream '{Name}': Publish was called from two threads at once; a stream hub has one producer.");
            return; // Complete is cleaning up
        }

        try
        {
            if (Volatile.Read(ref _closed) != 0)
                unit.Release();
            else
                PublishCore(unit);
        }
        finally
        {
            Interlocked.Exchange(ref _producerState, ProducerIdle);
            if (Volatile.Read(ref _closed) != 0)
                CleanUpAfterClose();
        }
    }

    /// <summary>
    /// Adds a reader. Dispose the returned subscriber to leave; until then the hub keeps up to
    /// <see cref="SubscriberOptions.QueueCapacity"/> units queued for it.
    /// </summary>
    /// <param name="readerName">Who reads (e.g. the client's address), for logs and status.</param>
    /// <param name="options">Queue size and start mode; <see cref="SubscriberOptions.Default"/> when null.</param>
    public StreamSubscriber Subscribe(string readerName, SubscriberOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(readerName);
        options ??= SubscriberOptions.Default;
        options.Validate();

        var startMode = options.StartMode == SubscriberStartMode.NextKeyframe && !CanForceKeyframes
            ? SubscriberStartMode.FromCachedGop
            : options.StartMode;
        var joinsLater = startMode == SubscriberStartMode.FromCachedGop;
        var subscriber = new StreamSubscriber(this, readerName, options.QueueCapacity, startMode, joinsLater);
        if (!joinsLater)
        {
            // Joined before the request is made, so the IDR that answers it reaches this reader.
            ImmutableInterlocked.Update(ref _readers, static (readers, s) => readers.Add(s), subscriber);
            RequestKeyframe(_time.GetTimestamp());
        }
        else
        {
            Interlocked.Increment(ref _pendingJoinCount);
            _pendingJoins.Enqueue(subscriber);
        }

        StreamHubLog.ReaderSubscribed(Logger, Name, readerName, startMode, options.QueueCapacity);
        if (Volatile.Read(ref _closed) != 0)
            subscriber.Complete(Volatile.Read(ref _closedException)!);
        return subscriber;
    }

    /// <summary>
    /// Adds work done once per unit for every reader (see <see cref="IAccessUnitProcessor"/>).
    /// So that the GOP cache is touched by the producer only, the processor joins when the next
    /// unit is published: it runs over the cached GOP first, then over that unit, before readers
    /// subscribed from now on are handed anything. Dispose the result to take it out.
    /// </summary>
    public IDisposable AddProcessor(IAccessUnitProcessor processor)
    {
        ArgumentNullException.ThrowIfNull(processor);
        var registration = new ProcessorRegistration(this, processor);
        _pendingProcessors.Enqueue(registration);
        return registration;
    }

    /// <summary>
    /// Asks the encoder for an IDR on behalf of a reader that cannot start from the cache (a
    /// client joining a running multicast group). Rate-limited like the requests subscriptions
    /// make; does nothing when the source cannot make keyframes on demand.
    /// </summary>
    public void RequestKeyframe()
    {
        if (CanForceKeyframes)
            RequestKeyframe(_time.GetTimestamp());
    }

    /// <summary>Waits for the first parameter sets (returns at once when they are known).</summary>
    /// <exception cref="StreamClosedException">The hub was completed before any arrived.</exception>
    public ValueTask<H264Parameters> WaitForParametersAsync(CancellationToken cancellationToken = default)
    {
        var parameters = _parameters;
        return parameters is not null
            ? ValueTask.FromResult(parameters)
            : new ValueTask<H264Parameters>(_firstParameters.Task.WaitAsync(cancellationToken));
    }

    /// <summary>Waits at most <paramref name="timeout"/> (on the hub's clock) for the first parameter sets.</summary>
    /// <exception cref="TimeoutException">None arrived in time.</exception>
    /// <exception cref="StreamClosedException">The hub was completed before any arrived.</exception>
    public ValueTask<H264Parameters> WaitForParametersAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var parameters = _parameters;
        return parameters is not null
            ? ValueTask.FromResult(parameters)
            : new ValueTask<H264Parameters>(_firstParameters.Task.WaitAsync(timeout, _time, cancellationToken));
    }

    /// <summary>
    /// Closes the hub because its source stopped (for good, or with <paramref name="error"/>).
    /// Readers get what is still queued, then <see cref="StreamClosedException"/>. Later
    /// <see cref="Publish"/> calls release their unit and return. Idempotent; any thread.
    /// </summary>
    public void Complete(Exception? error = null)
    {
        var exception = StreamClosedException.ForStream(Name, error);
        if (Interlocked.CompareExchange(ref _closedException, exception, null) is not null)
            return;
        Interlocked.Exchange(ref _closed, 1);
        StreamHubLog.Closed(Logger, Name, FramesPublished);

        var readers = ImmutableInterlocked.InterlockedExchange(ref _readers, ImmutableArray<StreamSubscriber>.Empty);
        foreach (var reader in readers)
            reader.Complete(exception);
        _firstParameters.TrySetException(exception);
        CleanUpAfterClose();
    }

    /// <summary>Same as <see cref="Complete"/> without an error.</summary>
    public void Dispose() => Complete();

    /// <summary>Takes a disposed reader out, whether it has joined yet or not.</summary>
    /// <summary>Counts a frame a reader lost; called by the reader on the producer's thread.</summary>
    internal void CountReaderDrop() => Interlocked.Increment(ref _readerDroppedFrames);

    internal void Remove(StreamSubscriber subscriber)
    {
        if (subscriber.TryAbandonJoin())
            Interlocked.Decrement(ref _pendingJoinCount); // the producer will skip it in the queue
        else
            ImmutableInterlocked.Update(ref _readers, static (readers, s) => readers.Remove(s), subscriber);
    }

    private void PublishCore(AccessUnit unit)
    {
        try
        {
            var now = _time.GetTimestamp();
            Interlocked.Exchange(ref _lastFrameTimestamp, now);
            Interlocked.Increment(ref _framesPublished);
            Interlocked.Add(ref _bytesPublished, unit.Length);

            if (unit.IsKeyframe)
            {
                // Any request made before this point is answered by this IDR. Cleared before the
                // reader list is read, so a reader that asked before the clear is in that list.
                Interlocked.Exchange(ref _keyframeRequestPending, 0);
                TrackParameters(unit);
            }
            else if (Volatile.Read(ref _keyframeRequestPending) != 0)
            {
                TryRaiseKeyframeRequest(now);
            }

            // Before the cache and the readers get the unit, so that everything they hold has
            // been through every processor.
            if (!_pendingProcessors.IsEmpty)
                JoinPendingProcessors();
            foreach (var processor in _processors)
                Run(processor, unit);

            if (!_gop.Add(unit))
                LogGopOverflow();

            // Readers that join below get this unit from the cache, so they are not in this snapshot.
            var readers = _readers;
            if (!_pendingJoins.IsEmpty)
                JoinPendingReaders(now);

            foreach (var reader in readers)
                reader.Offer(unit, now);
        }
        finally
        {
            unit.Release(); // the publisher's reference, which the hub took over
        }
    }

    private void JoinPendingProcessors()
    {
        while (_pendingProcessors.TryDequeue(out var registration))
        {
            if (registration.IsRemoved)
                continue;
            foreach (var cached in _gop.Units)
                Run(registration, cached);
            ImmutableInterlocked.Update(ref _processors, static (list, r) => list.Add(r), registration);
            if (registration.IsRemoved)
                RemoveProcessor(registration); // disposed while joining
        }
    }

    private void Run(ProcessorRegistration registration, AccessUnit unit)
    {
        try
        {
            registration.Processor.Process(unit);
        }
        catch (Exception ex)
        {
            // One protocol's failure must not take the camera from the others.
            StreamHubLog.HandlerFailed(Logger, Name, registration.Processor.GetType().Name, ex);
        }
    }

    private void RemoveProcessor(ProcessorRegistration registration) =>
        ImmutableInterlocked.Update(ref _processors, static (list, r) => list.Remove(r), registration);

    private void JoinPendingReaders(long now)
    {
        while (_pendingJoins.TryDequeue(out var subscriber))
        {
            if (!subscriber.TryMarkJoined())
                continue; // left before joining
            Interlocked.Decrement(ref _pendingJoinCount);

            var cached = _gop.Units;
            if (cached.Length > 0 && cached.Length <= subscriber.Capacity)
            {
                foreach (var unit in cached)
                    subscriber.Offer(unit, now);
            }
            else if (CanForceKeyframes)
            {
                // Nothing decodable to hand over (or more than the queue holds): ask for an IDR.
                RequestKeyframe(now);
            }

            ImmutableInterlocked.Update(ref _readers, static (readers, s) => readers.Add(s), subscriber);
            if (subscriber.IsDisposed)
                Remove(subscriber); // disposed while joining, before it was in the list to remove it from
            if (Volatile.Read(ref _closed) != 0)
                subscriber.Complete(Volatile.Read(ref _closedException)!); // Complete emptied the list before this reader was in it
        }
    }

    private void TrackParameters(AccessUnit unit)
    {
        var data = unit.Data.Span;
        if (!AnnexB.TryFindParameterSets(data, out var sps, out var pps))
            return;
        var current = _parameters;
        if (current is not null && current.Matches(sps, pps))
            return;
        if (_rejectedSps is not null && sps.SequenceEqual(_rejectedSps))
            return;

        H264Parameters next;
        try
        {
            next = H264Parameters.Create(sps, pps);
            _rejectedSps = null;
        }
        catch (InvalidDataException ex)
        {
            _rejectedSps = sps.ToArray();
            StreamHubLog.InvalidParameters(Logger, Name, ex);
            return;
        }

        _parameters = next;
        var parsed = next.SequenceParameterSet;
        StreamHubLog.ParametersChanged(Logger, Name, parsed.Width, parsed.Height, next.ProfileLevelId, parsed.FrameRate ?? 0);
        _firstParameters.TrySetResult(next);
        try
        {
            ParametersChanged?.Invoke(this, next);
        }
        catch (Exception ex)
        {
            // A reader's handler must not take the producer down with it.
            StreamHubLog.HandlerFailed(Logger, Name, nameof(ParametersChanged), ex);
        }
    }

    private void RequestKeyframe(long now)
    {
        Interlocked.Exchange(ref _keyframeRequestPending, 1);
        TryRaiseKeyframeRequest(now);
    }

    private void TryRaiseKeyframeRequest(long now)
    {
        if (Volatile.Read(ref _keyframeRequestPending) == 0)
            return;
        var last = Interlocked.Read(ref _lastKeyframeRequest);
        if (last != NoKeyframeRequestYet && now - last < _keyframeRequestIntervalTicks)
            return; // still pending: raised by a later Publish once the interval has passed
        if (Interlocked.CompareExchange(ref _lastKeyframeRequest, now, last) != last)
            return; // another thread raised it just now
        if (Interlocked.Exchange(ref _keyframeRequestPending, 0) == 0)
            return; // an IDR answered it meanwhile

        Interlocked.Increment(ref _keyframeRequests);
        StreamHubLog.KeyframeRequested(Logger, Name);
        try
        {
            KeyframeRequested?.Invoke(this, EventArgs.Empty);
        }
        catch (Exception ex)
        {
            StreamHubLog.HandlerFailed(Logger, Name, nameof(KeyframeRequested), ex);
        }
    }

    private void LogGopOverflow()
    {
        if (_gopOverflowLogged)
            return; // once per hub: a long GOP overflows every time
        _gopOverflowLogged = true;
        StreamHubLog.GopCacheOverflow(Logger, Name, _options.MaxGopFrames, _options.MaxGopBytes);
    }

    private void CleanUpAfterClose()
    {
        // Whoever finds the producer idle empties the cache: Complete, or Publish on its way out.
        if (Interlocked.CompareExchange(ref _producerState, ProducerClosing, ProducerIdle) != ProducerIdle)
            return;
        try
        {
            var exception = Volatile.Read(ref _closedException)!;
            while (_pendingJoins.TryDequeue(out var subscriber))
            {
                if (subscriber.TryMarkJoined())
                    Interlocked.Decrement(ref _pendingJoinCount);
                subscriber.Complete(exception);
            }

            _gop.Clear();
        }
        finally
        {
            Interlocked.Exchange(ref _producerState, ProducerIdle);
        }
    }

    private long ToTimestampTicks(TimeSpan interval) => (long)(interval.TotalSeconds * _time.TimestampFrequency);

    /// <summary>A processor's place in the hub; disposing it takes the processor out.</summary>
    private sealed class ProcessorRegistration(StreamHub hub, IAccessUnitProcessor processor) : IDisposable
    {
        private int _removed;

        public IAccessUnitProcessor Processor { get; } = processor;

        public bool IsRemoved => Volatile.Read(ref _removed) != 0;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _removed, 1) == 0)
                hub.RemoveProcessor(this);
        }
    }
}
