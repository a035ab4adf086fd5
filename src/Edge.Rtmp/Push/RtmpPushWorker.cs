using System.Globalization;
using Edge.Media;
using Edge.Media.Health;
using Edge.Media.Streaming;
using Edge.Media.Supervision;
using Edge.Rtmp.Client;
using Microsoft.Extensions.Logging;

namespace Edge.Rtmp.Push;

/// <summary>
/// Keeps one push live: reads its camera's hub, publishes to the upstream, and
/// when the upstream refuses, closes, stalls or cannot be reached, reconnects with exponential
/// back-off (<see cref="RtmpPushOptions.Reconnect"/>: 1 s doubling to 60 s, with jitter), resuming at a keyframe.
/// </summary>
/// <remarks>
/// <para>
/// Each attempt subscribes to the hub anew (starting at a fresh IDR where the encoder can make
/// one), waits for the first unit, connects, publishes and sends. The hub's bounded per-reader
/// queue is the only buffer: an upstream slower than the camera loses this push's frames up to
/// the next keyframe and never slows the camera or other readers; one that stops reading for the
/// write timeout is dropped and reconnected.
/// </para>
/// <para>
/// State goes to the <see cref="HealthModel"/> under <see cref="Name"/> (camera and redacted URL)
/// and to the log once per change; a failure that repeats the previous one is logged at debug
/// level, so an upstream that is down for a week does not fill the journal. Neither carries the
/// stream key.
/// </para>
/// </remarks>
public sealed class RtmpPushWorker
{
    /// <summary>When stopping, a write in progress gets this long before the connection is cut.</summary>
    private static readonly TimeSpan StopWriteLimit = TimeSpan.FromSeconds(1);

    private readonly StreamHub _hub;
    private readonly HealthModel _health;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly ILogger _connectionLog;
    private readonly RtmpPushOptions _options;
    private readonly SubscriberOptions _subscriberOptions;
    private readonly RetryLoop _retry;
    private volatile RtmpPublisher? _publisher;
    private volatile StreamSubscriber? _reader;
    private volatile string? _lastFailure;
    private int _state = (int)PushState.Connecting;
    private long _bytesBefore;
    private long _framesBefore;
    private long _droppedBefore;
    private int _connects;
    private int _failures;
    private int _running;

    /// <summary>Creates the worker of one push; <see cref="RunAsync"/> does the work.</summary>
    /// <param name="options">The push: name, publisher, reconnect policy, queue.</param>
    /// <param name="hub">The camera's stream hub.</param>
    /// <param name="health">Where the push's state is published.</param>
    /// <param name="time">The clock for back-off, deadlines and health.</param>
    /// <param name="loggers">Where to log ("Edge.Push").</param>
    /// <param name="random">Numbers in [0, 1) for the reconnect jitter; <see cref="Random.Shared"/> when null.</param>
    /// <exception cref="ArgumentException">An option is out of range (see <see cref="RtmpPushOptions.Validate"/>).</exception>
    public RtmpPushWorker(RtmpPushOptions options, StreamHub hub, HealthModel health, TimeProvider time, ILoggerFactory loggers, Func<double>? random = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(health);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(loggers);
        options.Validate();
        _hub = hub;
        _health = health;
        _time = time;
        _options = options;
        _log = loggers.CreateLogger("Edge.Push");
        _connectionLog = loggers.CreateLogger("Edge.Push.Rtmp");
        Name = options.Name;
        _subscriberOptions = new SubscriberOptions { QueueCapacity = _options.QueueCapacity, StartMode = SubscriberStartMode.NextKeyframe };
        _retry = new RetryLoop(_options.Reconnect, time, random);
    }

    /// <summary>The push as health and logs name it: camera and redacted URL, e.g. <c>front→rtmp://host:1935/live</c>. Never the key.</summary>
    public string Name { get; }

    /// <summary>Where the push is now.</summary>
    public PushState State => (PushState)Volatile.Read(ref _state);

    /// <summary>Bytes written upstream since the worker started, over every connection.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesBefore) + (_publisher?.BytesSent ?? 0);

    /// <summary>Access units sent upstream since the worker started.</summary>
    public long FramesSent => Interlocked.Read(ref _framesBefore) + (_publisher?.VideoFramesSent ?? 0);

    /// <summary>Frames the hub dropped for this push because the upstream was slower than the camera.</summary>
    public long FramesDropped => Interlocked.Read(ref _droppedBefore) + (_reader?.DroppedFrames ?? 0);

    /// <summary>Times the push went live.</summary>
    public int Connects => Volatile.Read(ref _connects);

    /// <summary>Attempts and connections that failed.</summary>
    public int Failures => Volatile.Read(ref _failures);

    /// <summary>The last failure, as the status page shows it ("connection refused"), or null.</summary>
    public string? LastFailure => _lastFailure;

    /// <summary>For measurements: called after each access unit's last byte was handed to the socket (before the unit is released).</summary>
    internal Action<AccessUnit>? UnitSent { get; set; }

    /// <summary>Pushes until <paramref name="stoppingToken"/> is cancelled (or the camera's hub is closed for good).</summary>
    /// <exception cref="InvalidOperationException">The worker is already running.</exception>
    public Task RunAsync(CancellationToken stoppingToken)
    {
        if (Interlocked.Exchange(ref _running, 1) != 0)
            throw new InvalidOperationException($"push {Name} is already running.");
        return RunCoreAsync(stoppingToken);
    }

    private async Task RunCoreAsync(CancellationToken stoppingToken)
    {
        var url = _options.Publisher.Url;
        RtmpPushLog.Starting(_log, Name, _options.Publisher.Audio == RtmpAudio.Silent ? "silent AAC" : "none");
        while (!stoppingToken.IsCancellationRequested)
        {
            SetState(PushState.Connecting, "");
            RtmpPushLog.Connecting(_log, Name);
            string reason;
            string message;
            try
            {
                await PushOnceAsync(stoppingToken).ConfigureAwait(false);
                break; // only returns when stopping
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (StreamClosedException)
            {
                RtmpPushLog.StreamClosed(_log, Name);
                break;
            }
            catch (RtmpException e)
            {
                reason = e.Detail;
                // The push's name already says which server; the message need not repeat it.
                var prefix = url.Redacted + ": ";
                message = e.Message.StartsWith(prefix, StringComparison.Ordinal) ? e.Message[prefix.Length..] : e.Message;
                if (_options.Remedy?.Invoke(e.Failure) is { Length: > 0 } remedy)
                {
                    reason = $"{reason}; {remedy}";
                    message = $"{message.TrimEnd('.')}; {remedy}";
                }
            }
            catch (Exception e)
            {
                // The boundary of a push: whatever an attempt throws becomes a reported, retried failure.
                reason = StreamKeyRedaction.Scrub(e.Message, url);
                message = reason;
            }

            Interlocked.Increment(ref _failures);
            var (delay, isNewReason) = _retry.Failed(reason);
            var seconds = Math.Max(1, (int)Math.Round(delay.TotalSeconds));
            var delayText = string.Create(CultureInfo.InvariantCulture, $"{seconds} s");
            _lastFailure = reason;
            SetState(PushState.Retrying, $"retrying in {delayText}: {reason}");
            if (isNewReason)
                RtmpPushLog.Failed(_log, Name, message, delayText);
            else
                RtmpPushLog.FailedAgain(_log, Name, message, delayText);

            if (!await _retry.WaitAsync(delay, stoppingToken).ConfigureAwait(false))
                break;
        }

        SetState(PushState.Disabled, "stopped");
        RtmpPushLog.Stopped(_log, Name, BytesSent, FramesSent, FramesDropped);
    }

    /// <summary>One attempt: subscribe, wait for a keyframe, publish, send until something fails.</summary>
    private async Task PushOnceAsync(CancellationToken stoppingToken)
    {
        var reader = _hub.Subscribe($"rtmp {Name}", _subscriberOptions);
        _reader = reader;
        AccessUnit? unit = null;
        try
        {
            // Connect only once the camera has something to send: an upstream given nothing soon drops us.
            unit = await reader.ReadAsync(stoppingToken).ConfigureAwait(false);

            var publisher = await RtmpPublisher.PublishAsync(_options.Publisher, _time, _connectionLog, stoppingToken).ConfigureAwait(false);
            _publisher = publisher;
            try
            {
                using var onStop = stoppingToken.Register(static state => ((RtmpPublisher)state!).LimitWriteTime(StopWriteLimit), publisher);
                using var sending = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, publisher.Closed);
                // Ended once, not passed to every read: see StreamSubscriber.ReadAsync.
                using var endWait = reader.EndWhen(sending.Token);
                var live = false;
                var nextHealthUpdate = 0L;
                var healthInterval = (long)(_options.HealthUpdateInterval.TotalSeconds * _time.TimestampFrequency);
                while (true)
                {
                    await publisher.SendAsync(unit, _hub.Parameters).ConfigureAwait(false);
                    UnitSent?.Invoke(unit);
                    unit.Release();
                    unit = null;

                    var now = _time.GetTimestamp();
                    if (!live && publisher.VideoFramesSent > 0)
                    {
                        live = true;
                        // The back-off's stable period runs from here, and losing a live stream is always worth a warning.
                        _retry.RunStarted();
                        _retry.Recovered();
                        var connects = Interlocked.Increment(ref _connects);
                        SetState(PushState.Live, "");
                        RtmpPushLog.Live(_log, Name, connects == 1 ? "first connection" : $"connection {connects}, after {Failures} failures");
                    }
                    else if (now >= nextHealthUpdate)
                    {
                        nextHealthUpdate = now + healthInterval;
                        _health.SetPush(Name, PushState.Live, "", BytesSent);
                    }

                    try
                    {
                        unit = await reader.ReadAsync().ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                    {
                        // The connection ended while we waited for the camera.
                        throw publisher.Failure ?? new RtmpException(RtmpFailure.Closed, $"{_options.Publisher.Url.Redacted}: the connection closed", "connection closed");
                    }
                }
            }
            finally
            {
                await publisher.DisposeAsync().ConfigureAwait(false);
                _publisher = null;
                Interlocked.Add(ref _bytesBefore, publisher.BytesSent);
                Interlocked.Add(ref _framesBefore, publisher.VideoFramesSent);
            }
        }
        finally
        {
            unit?.Release();
            reader.Dispose();
            _reader = null;
            Interlocked.Add(ref _droppedBefore, reader.DroppedFrames);
        }
    }

    private void SetState(PushState state, string detail)
    {
        Volatile.Write(ref _state, (int)state);
        _health.SetPush(Name, state, detail, BytesSent);
    }
}
