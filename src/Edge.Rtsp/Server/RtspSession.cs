using System.Net;
using System.Security.Cryptography;
using Edge.Media;
using Edge.Media.Streaming;
using Edge.Rtsp.Protocol.Rtcp;
using Microsoft.Extensions.Logging;

namespace Edge.Rtsp.Server;

/// <summary>
/// One client's view of one stream: created by SETUP, played by PLAY, ended by TEARDOWN, by its
/// connection closing (TCP) or by silence longer than the session timeout (UDP).
/// </summary>
/// <remarks>
/// Each playing session reads the camera's hub through its own bounded queue, so a slow client
/// only loses its own frames (up to the next IDR, the hub's policy). It makes no packets: it
/// writes the ones its <see cref="RtpStream"/> made once for every client, so its SSRC, sequence
/// numbers and timestamps are the stream's, and steady streaming allocates nothing per frame.
/// </remarks>
internal sealed class RtspSession
{
    /// <summary>RTCP sender reports go out about every 5 s (RFC 3550's minimum interval).</summary>
    public const long SenderReportInterval90kHz = 5 * MediaClock.Rate90kHz;

    /// <summary>A write to a client that takes longer than this means it stopped reading: drop it.</summary>
    public static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(10);

    private readonly ILogger _log;
    private readonly Action<RtspSession> _onPlaybackEnded;
    private readonly RtpStream _stream;
    private readonly Lock _lock = new();
    private CancellationTokenSource? _playback;
    private Task _playbackTask = Task.CompletedTask;
    private StreamSubscriber? _reader;
    private AccessUnit? _firstUnit;
    private long _lastActivity;
    private long _bytesSent;
    private long _multicastBytesAtJoin;
    private DateTimeOffset? _startedAt;

    public RtspSession(string streamName, RtpStream stream, SessionTransport transport, RtspConnection? owner, TimeProvider time, ILogger log, Action<RtspSession> onPlaybackEnded)
    {
        Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        StreamName = streamName;
        _stream = stream;
        Hub = stream.Hub;
        Transport = transport;
        Owner = owner;
        RemoteEndPoint = owner?.RemoteEndPoint ?? new IPEndPoint(IPAddress.None, 0);
        Time = time;
        _log = log;
        _onPlaybackEnded = onPlaybackEnded;
        Touch();
    }

    public string Id { get; }

    public string StreamName { get; }

    public StreamHub Hub { get; }

    public SessionTransport Transport { get; }

    /// <summary>The connection that created the session (for TCP sessions, the one they live on).</summary>
    public RtspConnection? Owner { get; }

    public TimeProvider Time { get; }

    /// <summary>The client, as the RTSP connection that set the session up knows it.</summary>
    public IPEndPoint RemoteEndPoint { get; }

    /// <summary>
    /// RTP and RTCP bytes handed to the kernel for this client since PLAY. Counted once per access
    /// unit by the playback task (the only writer), read by anyone: an Interlocked add, no lock.
    /// </summary>
    public long BytesSent => Transport is MulticastTransport multicast
        ? multicast.Group.BytesSent - Interlocked.Read(ref _multicastBytesAtJoin)
        : Interlocked.Read(ref _bytesSent);

    public RtspSessionState State { get; private set; } = RtspSessionState.Ready;

    public uint Ssrc => _stream.Ssrc;

    /// <summary>Frames this session's client lost because it fell behind.</summary>
    public long DroppedFrames => _reader?.DroppedFrames ?? 0;

    /// <summary>When a request or RTCP packet last showed the client is there.</summary>
    public TimeSpan IdleFor => Time.GetElapsedTime(Interlocked.Read(ref _lastActivity));

    public void Touch() => Interlocked.Exchange(ref _lastActivity, Time.GetTimestamp());

    /// <summary>
    /// Starts reading the hub and waits for the first access unit, so that RTP-Info can give its
    /// exact sequence number and timestamp. With an encoder that can, the first unit is a fresh
    /// IDR made for this client; otherwise the cached GOP's IDR. Returns null when the camera gave
    /// nothing within <paramref name="timeout"/>.
    /// </summary>
    public async Task<(ushort Sequence, uint RtpTime)?> PreparePlayAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (Transport is MulticastTransport multicast)
            return multicast.Group.Position;

        var mode = Hub.CanForceKeyframes ? SubscriberStartMode.NextKeyframe : SubscriberStartMode.FromCachedGop;
        var reader = Hub.Subscribe($"rtsp {Id}", new SubscriberOptions { StartMode = mode });
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var first = await reader.ReadAsync(deadline.Token).ConfigureAwait(false);
            lock (_lock)
            {
                _reader = reader;
                _firstUnit = first;
            }
            return _stream.PacketsOf(first) is { } packets
                ? (packets.FirstSequenceNumber, packets.RtpTimestamp)
                : (_stream.NextSequenceNumber, _stream.RtpTimeOf(first.Pts90kHz));
        }
        catch (Exception e) when (e is OperationCanceledException or StreamClosedException)
        {
            reader.Dispose();
            return null;
        }
    }

    /// <summary>Starts sending, after the PLAY response went out (clients want the response before the data).</summary>
    public void StartPlayback()
    {
        lock (_lock)
        {
            if (State != RtspSessionState.Ready)
                return;
            State = RtspSessionState.Playing;
            if (_startedAt is null)
            {
                _startedAt = Time.GetUtcNow();
                if (Transport is MulticastTransport joining)
                    Interlocked.Exchange(ref _multicastBytesAtJoin, joining.Group.BytesSent);
            }
            if (Transport is MulticastTransport multicast)
            {
                multicast.Group.Join();
                return;
            }
            _playback = new CancellationTokenSource();
            var token = _playback.Token;
            _playbackTask = Task.Run(() => PlayAsync(token), CancellationToken.None);
        }
    }

    /// <summary>Stops sending but keeps the session (PAUSE).</summary>
    public async Task PauseAsync()
    {
        Task task;
        lock (_lock)
        {
            if (State != RtspSessionState.Playing)
                return;
            State = RtspSessionState.Ready;
            if (Transport is MulticastTransport multicast)
                multicast.Group.Leave();
            _playback?.Cancel();
            task = _playbackTask;
        }
        await task.ConfigureAwait(false);
    }

    /// <summary>Ends the session for good; safe to call more than once and from any thread.</summary>
    public async Task CloseAsync()
    {
        Task task;
        lock (_lock)
        {
            if (State == RtspSessionState.Closed)
                return;
            if (State == RtspSessionState.Playing && Transport is MulticastTransport multicast)
                multicast.Group.Leave();
            State = RtspSessionState.Closed;
            _playback?.Cancel();
            task = _playbackTask;
        }
        await task.ConfigureAwait(false);
        ReleaseReader();
    }

    /// <summary>What a status page shows of this session, or null while it is not playing.</summary>
    public RtspSessionInfo? Describe()
    {
        DateTimeOffset started;
        lock (_lock)
        {
            if (State != RtspSessionState.Playing || _startedAt is not { } at)
                return null;
            started = at;
        }
        return new RtspSessionInfo(StreamName, RemoteEndPoint, Transport.Kind, started, BytesSent);
    }

    private async Task PlayAsync(CancellationToken stop)
    {
        AccessUnit? unit;
        StreamSubscriber? reader;
        lock (_lock)
        {
            unit = _firstUnit;
            reader = _reader;
            _firstUnit = null;
        }
        if (reader is null || unit is null)
            return;

        using var writeDeadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var report = new byte[128];
        var lastReport = MediaClock.Now90kHz();
        var clientGone = false;
        // Ended once, not passed to every read: see StreamSubscriber.ReadAsync.
        using var endWait = reader.EndWhen(stop);
        try
        {
            while (true)
            {
                writeDeadline.CancelAfter(WriteTimeout);
                // Null only for a unit published before the stream was registered with the hub,
                // which no reader subscribed after it can be handed: nothing to send.
                if (_stream.PacketsOf(unit) is { } batch)
                {
                    await Transport.SendRtpAsync(batch.Packets, writeDeadline.Token).ConfigureAwait(false);
                    Interlocked.Add(ref _bytesSent, Transport.WireBytes(batch.Packets));
                }
                // The packets belong to the unit: released only once the kernel has the bytes.
                unit.Release();
                unit = null;

                var now = MediaClock.Now90kHz();
                if (now - lastReport >= SenderReportInterval90kHz)
                {
                    lastReport = now;
                    var length = RtcpWriter.WriteSenderReport(report, _stream.Ssrc, NtpTimestamp.Now(Time),
                        _stream.RtpTimeOf(now), _stream.PacketCount, _stream.OctetCount, "edge");
                    await Transport.SendRtcpAsync(report.AsMemory(0, length), writeDeadline.Token).ConfigureAwait(false);
                    Interlocked.Add(ref _bytesSent, length + Transport.PacketPrefixBytes);
                }
                writeDeadline.CancelAfter(Timeout.InfiniteTimeSpan);

                unit = await reader.ReadAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // PAUSE, TEARDOWN or shutdown.
        }
        catch (OperationCanceledException)
        {
            RtspLog.ClientStoppedReading(_log, Id, StreamName, WriteTimeout);
            clientGone = true;
        }
        catch (StreamClosedException)
        {
            clientGone = true;
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException or ObjectDisposedException)
        {
            RtspLog.SendFailed(_log, Id, StreamName, e.Message);
            clientGone = true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Never a silent death: a playback task that faulted would leave a frozen picture and
            // a session that RTCP keeps alive. End it; the client reconnects and gets a new one.
            RtspLog.PlaybackFailed(_log, Id, StreamName, e);
            clientGone = true;
        }
        finally
        {
            unit?.Release();
            ReleaseReader();
        }
        if (clientGone)
            _onPlaybackEnded(this);
    }

    private void ReleaseReader()
    {
        StreamSubscriber? reader;
        AccessUnit? first;
        lock (_lock)
        {
            reader = _reader;
            first = _firstUnit;
            _reader = null;
            _firstUnit = null;
        }
        first?.Release();
        reader?.Dispose();
    }

}
