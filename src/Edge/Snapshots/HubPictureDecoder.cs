using Edge.Media.Streaming;
using Edge.Video;
using Edge.Video.Decoders;
using Microsoft.Extensions.Logging;

namespace Edge.Snapshots;

/// <summary>
/// Pictures of a camera that exists only as H.264 (passthrough file or rpicam, an H.264 webcam,
/// the zero-copy path), decoded from its stream hub with libavcodec, only while snapshots are
/// being asked for.
/// </summary>
/// <remarks>
/// <para><b>Why decode continuously, and only for a while.</b> A P-frame can only be decoded
/// after every frame since its IDR, so a decoder cannot jump to "now": it must follow the stream.
/// Decoding every frame forever would cost a core's share on a Pi for a picture nobody looks at,
/// so the decoder starts with the first request and stops after <see cref="IdleTimeout"/>
/// without one; a card polling every few seconds keeps it running, and one stray request costs
/// one GOP's worth of decoding.</para>
/// <para><b>Starting.</b> The decoder subscribes to the hub from its cached GOP (the last IDR
/// and everything after it), so the first picture needs no wait for the next IDR (a passthrough
/// source cannot be asked for one): the cached frames are decoded in a burst until the decoder
/// reaches the live edge, then it keeps pace with the camera.</para>
/// <para><b>Freshness and ownership.</b> The decoder keeps only the latest picture. A snapshot
/// takes that picture over (the decoder's next picture replaces it) when it is at most
/// <c>maxAge</c> old, and otherwise waits for one that is; if the camera delivers none in time,
/// the snapshot fails with the reason. A reader queue that overflows (a slow board behind a fast
/// camera) skips to the next IDR like any hub reader; the camera is never slowed.</para>
/// </remarks>
internal sealed partial class HubPictureDecoder : IAsyncDisposable
{
    /// <summary>How long decoding goes on after the last snapshot request.</summary>
    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromSeconds(10);

    // The hub's GOP cache (two seconds at 30 fps, and then some) fits, so the first picture comes from it.
    private static readonly SubscriberOptions ReaderOptions = new() { QueueCapacity = 300, StartMode = SubscriberStartMode.FromCachedGop };

    private readonly StreamHub _hub;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _lock = new();
    private Task _loop = Task.CompletedTask;
    private bool _running;
    private long _lastRequest;
    private VideoFrame? _latest;
    private TaskCompletionSource? _pictureArrived;
    private string? _failure;
    private string? _lastLoggedFailure;

    public HubPictureDecoder(StreamHub hub, TimeProvider time, ILogger log, TimeSpan? idleTimeout = null)
    {
        _hub = hub;
        _time = time;
        _log = log;
        IdleTimeout = idleTimeout ?? DefaultIdleTimeout;
    }

    public TimeSpan IdleTimeout { get; }

    /// <summary>True while the decoder follows the stream.</summary>
    public bool IsRunning
    {
        get
        {
            lock (_lock)
                return _running;
        }
    }

    /// <summary>
    /// A picture at most <paramref name="maxAge"/> old (by its capture time on the media clock),
    /// which the caller owns and must dispose. Starts the decoder when it is not running.
    /// </summary>
    /// <exception cref="SnapshotUnavailableException">No such picture within <paramref name="timeout"/>, or decoding failed.</exception>
    public async Task<VideoFrame> TakeAsync(TimeSpan maxAge, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        for (var first = true; ; first = false)
        {
            Task arrived;
            lock (_lock)
            {
                _lastRequest = _time.GetTimestamp();
                if (_latest is { } latest && System.Diagnostics.Stopwatch.GetElapsedTime(latest.CaptureTimestamp) <= maxAge)
                {
                    _latest = null;
                    return latest;
                }
                if (!_running)
                {
                    // Each request tries once: a decoder that failed during this one is its answer.
                    if (!first && _failure is { } failure)
                        throw new SnapshotUnavailableException(failure);
                    Start();
                }
                _pictureArrived ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                arrived = _pictureArrived.Task;
            }

            var remaining = timeout - _time.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
                throw new SnapshotUnavailableException($"the camera's stream gave no picture to decode within {timeout.TotalSeconds:0.#} s");
            try
            {
                await arrived.WaitAsync(remaining, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Looked at once more above: a failure may explain the silence.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _disposed.Dispose();
    }

    // Under the lock.
    private void Start()
    {
        _running = true;
        _failure = null;
        _loop = Task.Run(RunAsync, CancellationToken.None);
    }

    private async Task RunAsync()
    {
        string? failure = null;
        H264Decoder? decoder = null;
        var subscriber = _hub.Subscribe("snapshot decoder", ReaderOptions);
        try
        {
            decoder = H264Decoder.Open();
            LogStarted(_log, _hub.Name);
            while (!IdleNow())
            {
                while (subscriber.TryRead(out var unit))
                {
                    VideoFrame? picture;
                    try
                    {
                        picture = decoder.Decode(unit.Data.Span, unit.CaptureTimestamp);
                    }
                    finally
                    {
                        unit.Release();
                    }
                    if (picture is not null)
                        Publish(picture);
                }

                // Wake for the next unit, or after a second to look at the idle clock.
                try
                {
                    await subscriber.WaitToReadAsync(_disposed.Token).AsTask().WaitAsync(TimeSpan.FromSeconds(1), _time).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                }
            }
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
        }
        catch (StreamClosedException)
        {
            failure = "the camera's stream has ended";
        }
        catch (Exception e)
        {
            // The boundary of the decoder: a snapshot fails with the reason, the camera streams on.
            // Logged when the reason changes, not at every request that runs into it.
            failure = $"camera {_hub.Name}: decoding its H.264 failed: {e.Message}";
            if (failure != _lastLoggedFailure)
                LogFailed(_log, _hub.Name, e.Message);
            _lastLoggedFailure = failure;
        }
        finally
        {
            subscriber.Dispose();
            decoder?.Dispose();
            Stop(failure);
        }
    }

    // Decides, under the lock, whether to stop: a request after this sees _running false and starts again.
    private bool IdleNow()
    {
        lock (_lock)
        {
            if (_time.GetElapsedTime(_lastRequest) < IdleTimeout && !_disposed.IsCancellationRequested)
                return false;
            _running = false;
            return true;
        }
    }

    private void Publish(VideoFrame picture)
    {
        VideoFrame? replaced;
        TaskCompletionSource? arrived;
        lock (_lock)
        {
            replaced = _latest;
            _latest = picture;
            arrived = _pictureArrived;
            _pictureArrived = null;
        }
        replaced?.Dispose();
        arrived?.TrySetResult();
    }

    private void Stop(string? failure)
    {
        VideoFrame? latest;
        TaskCompletionSource? arrived;
        lock (_lock)
        {
            _running = false;
            _failure = failure;
            latest = _latest;
            _latest = null;
            arrived = _pictureArrived;
            _pictureArrived = null;
        }
        latest?.Dispose();
        arrived?.TrySetResult();
        if (failure is null)
            LogStopped(_log, _hub.Name);
    }

    [LoggerMessage(7000, LogLevel.Debug, "camera {Camera}: decoding its H.264 for snapshots")]
    private static partial void LogStarted(ILogger logger, string camera);

    [LoggerMessage(7001, LogLevel.Debug, "camera {Camera}: no snapshot asked for a while; stopped decoding")]
    private static partial void LogStopped(ILogger logger, string camera);

    [LoggerMessage(7002, LogLevel.Warning, "camera {Camera}: decoding for snapshots failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string camera, string reason);
}
