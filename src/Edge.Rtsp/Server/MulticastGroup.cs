using System.Net;
using System.Net.Sockets;
using Edge.Media.Streaming;
using Edge.Rtsp.Protocol.Rtcp;
using Microsoft.Extensions.Logging;
using Edge.Media;

namespace Edge.Rtsp.Server;

/// <summary>
/// One camera's multicast stream: a single hub reader sends to the group for every multicast
/// session at once; it runs while at least one session plays. It sends the packets its
/// <see cref="RtpStream"/> made once for every client, so unicast and multicast clients see the
/// same SSRC and sequence. It belongs to one hub: a camera removed and added again by a reload has
/// a new hub, and gets a new group.
/// </summary>
internal sealed class MulticastGroup : IAsyncDisposable
{
    private readonly StreamHub _hub;
    private readonly ILogger _log;
    private readonly Lock _lock = new();
    private readonly Socket _socket;
    private readonly SocketAddress _rtpDestination;
    private readonly SocketAddress _rtcpDestination;
    private readonly RtpStream _stream;
    private int _members;
    private bool _disposed;
    private long _bytesSent;
    private CancellationTokenSource? _stop;
    private Task _sender = Task.CompletedTask;

    public MulticastGroup(RtpStream stream, IPAddress address, int rtpPort, int ttl, ILogger log)
    {
        _stream = stream;
        _hub = stream.Hub;
        _log = log;
        Address = address;
        RtpPort = rtpPort;
        Ttl = ttl;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, ttl);
        _rtpDestination = new IPEndPoint(address, rtpPort).Serialize();
        _rtcpDestination = new IPEndPoint(address, rtpPort + 1).Serialize();
    }

    public IPAddress Address { get; }

    public int RtpPort { get; }

    public int Ttl { get; }

    /// <summary>True once disposed: nothing is sent to the group again, and its socket is closed.</summary>
    public bool IsDisposed
    {
        get
        {
            lock (_lock)
                return _disposed;
        }
    }

    /// <summary>RTP and RTCP bytes sent to the group since it was made; sessions count theirs from when they joined.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>The next sequence number and the RTP time of now, for RTP-Info.</summary>
    public (ushort Sequence, uint RtpTime) Position => (_stream.NextSequenceNumber, _stream.RtpTimeOf(MediaClock.Now90kHz()));

    public void Join()
    {
        lock (_lock)
        {
            // A session set up just before its camera was removed; the server ends it.
            if (_disposed)
                return;
            if (_members++ > 0)
            {
                // The group is already streaming: the newcomer can decode nothing until the next
                // IDR, so ask for one now rather than make it wait a whole keyframe interval.
                _hub.RequestKeyframe();
                return;
            }
            _stop = new CancellationTokenSource();
            var token = _stop.Token;
            _sender = Task.Run(() => SendAsync(token), CancellationToken.None);
        }
    }

    public void Leave()
    {
        lock (_lock)
        {
            if (_members == 0 || --_members > 0)
                return;
            _stop?.Cancel();
            _stop?.Dispose();
            _stop = null;
        }
    }

    /// <summary>Stops the sender (waiting for it briefly) and closes the socket.</summary>
    public async ValueTask DisposeAsync()
    {
        Task sender;
        lock (_lock)
        {
            if (_disposed)
                return;
            _disposed = true;
            _members = 0;
            _stop?.Cancel();
            sender = _sender;
        }
        await sender.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop?.Dispose();
        _socket.Dispose();
    }

    private async Task SendAsync(CancellationToken stop)
    {
        var srBuffer = new byte[256];
        long lastReport = 0;
        using var reader = _hub.Subscribe("multicast", new SubscriberOptions { StartMode = SubscriberStartMode.NextKeyframe });
        try
        {
            while (true)
            {
                var unit = await reader.ReadAsync(stop).ConfigureAwait(false);
                try
                {
                    // Null only for a unit published before the stream was registered: nothing to send.
                    if (_stream.PacketsOf(unit) is { } batch)
                    {
                        var packets = batch.Packets;
                        for (var i = 0; i < packets.Count; i++)
                            await _socket.SendToAsync(packets.GetPacket(i), SocketFlags.None, _rtpDestination, stop).ConfigureAwait(false);
                        Interlocked.Add(ref _bytesSent, packets.TotalPacketBytes);
                    }
                }
                finally
                {
                    unit.Release();
                }

                var now = MediaClock.Now90kHz();
                if (now - lastReport >= RtspSession.SenderReportInterval90kHz)
                {
                    lastReport = now;
                    var length = RtcpWriter.WriteSenderReport(srBuffer, _stream.Ssrc, NtpTimestamp.Now(TimeProvider.System),
                        _stream.RtpTimeOf(now), _stream.PacketCount, _stream.OctetCount, "edge");
                    await _socket.SendToAsync(srBuffer.AsMemory(0, length), SocketFlags.None, _rtcpDestination, stop).ConfigureAwait(false);
                    Interlocked.Add(ref _bytesSent, length);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (StreamClosedException)
        {
        }
        catch (SocketException e)
        {
            RtspLog.MulticastFailed(_log, _hub.Name, Address.ToString(), e.Message);
        }
    }
}
