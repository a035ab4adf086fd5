using System.Net;
using System.Net.Sockets;
using System.Text;
using Edge.Media;
using Edge.Media.Streaming;
using Edge.Rtsp.Server;
using Edge.Rtsp.Tests.Protocol.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Rtsp.Tests.Server;

/// <summary>
/// <see cref="IRtspSessionList"/> against real sessions on loopback: a client over TCP and one over
/// UDP play a stream; each is listed with its address, transport, start time and the bytes the
/// server sent it, which must equal the bytes the client received.
/// </summary>
public sealed class RtspSessionInfoTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly ManualTimeProvider _time = new();
    private readonly StreamHub _hub = new("cam");
    private readonly CancellationTokenSource _stopPublishing = new();
    private RtspServer _server = null!;
    private Task _publisher = Task.CompletedTask;

    public Task InitializeAsync()
    {
        var udpPort = FreeUdpPortPair();
        _server = new RtspServer(
            new RtspServerOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0), UdpRtpPort = udpPort, MulticastAddress = null, Transports = RtpTransports.Udp | RtpTransports.Tcp },
            new OneStream(_hub), health: null, _time, NullLogger.Instance);
        _server.Start();
        _publisher = Task.Run(() => PublishAsync(_stopPublishing.Token));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await StopPublishingAsync();
        await _server.DisposeAsync();
        _hub.Dispose();
        _stopPublishing.Dispose();
    }

    [Fact]
    public void NoClient_ListsNothing() => Assert.Empty(_server.PlayingSessions());

    [Fact]
    public async Task TcpAndUdpClients_AreListedWithAddressTransportStartAndTheBytesTheyReceived()
    {
        var startedAt = _time.GetUtcNow();
        using var tcp = new RtspTestClient(_server.LocalEndPoint!);
        await tcp.SetupAsync("RTP/AVP/TCP;unicast;interleaved=0-1");
        Assert.Empty(_server.PlayingSessions()); // set up, not yet playing
        await tcp.PlayAsync();
        // Playing starts just after the PLAY response has gone out.
        await Until(() => _server.PlayingSessions().Count == 1);

        _time.Advance(TimeSpan.FromSeconds(3));
        using var rtp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var rtpPort = ((IPEndPoint)rtp.Client.LocalEndPoint!).Port;
        using var udp = new RtspTestClient(_server.LocalEndPoint!);
        // The RTCP port is not listened on: sender reports come only every 5 s, after this test.
        await udp.SetupAsync($"RTP/AVP;unicast;client_port={rtpPort}-{rtpPort + 1}");
        await udp.PlayAsync();

        long tcpReceived = 0, udpReceived = 0;
        var tcpReading = Task.Run(async () => { while (await tcp.ReadDataAsync() is var n and > 0) Interlocked.Add(ref tcpReceived, n); });
        var udpReading = Task.Run(async () => { while (true) { var datagram = await rtp.ReceiveAsync(); Interlocked.Add(ref udpReceived, datagram.Buffer.Length); } });

        await Until(() => Interlocked.Read(ref tcpReceived) > 20_000 && Interlocked.Read(ref udpReceived) > 20_000);
        var sessions = _server.PlayingSessions();
        Assert.Equal(2, sessions.Count);
        var first = sessions[0];
        var second = sessions[1];
        Assert.Equal("cam", first.Path);
        Assert.Equal(RtspClientTransport.TcpInterleaved, first.Transport);
        Assert.Equal(tcp.LocalEndPoint, first.RemoteEndPoint);
        Assert.Equal(startedAt, first.StartedAt);
        Assert.Equal("cam", second.Path);
        Assert.Equal(RtspClientTransport.Udp, second.Transport);
        Assert.Equal(udp.LocalEndPoint, second.RemoteEndPoint);
        Assert.Equal(startedAt + TimeSpan.FromSeconds(3), second.StartedAt);

        // With the camera stopped, what each client received is what the server counted, to the byte.
        await StopPublishingAsync();
        await Until(() => _server.PlayingSessions() is [var t, var u] && t.BytesSent == Interlocked.Read(ref tcpReceived) && u.BytesSent == Interlocked.Read(ref udpReceived));
        var counted = _server.PlayingSessions();
        Assert.True(counted[0].BytesSent >= first.BytesSent, "the count only grows");
        Assert.True(counted[0].BytesSent > 20_000);
        Assert.True(counted[1].BytesSent > 20_000);

        await tcp.TeardownAsync();
        await Until(() => _server.PlayingSessions().Count == 1);
        Assert.Equal(RtspClientTransport.Udp, Assert.Single(_server.PlayingSessions()).Transport);
        _ = tcpReading;
        _ = udpReading;
    }

    private async Task StopPublishingAsync()
    {
        await _stopPublishing.CancelAsync();
        await _publisher;
    }

    /// <summary>Keyframes of 6000 bytes (several FU-A packets each) every 20 ms, as an encoder would publish them.</summary>
    private async Task PublishAsync(CancellationToken stop)
    {
        var data = new byte[6000];
        data[3] = 1;
        data[4] = 0x65; // IDR slice
        for (var i = 5; i < data.Length; i++)
            data[i] = (byte)(i % 251 + 1);
        for (var frame = 0L; !stop.IsCancellationRequested; frame++)
        {
            _hub.Publish(AccessUnit.CopyOf(data, TimeProvider.System.GetTimestamp(), frame * 3000, isKeyframe: true, frame));
            try
            {
                await Task.Delay(20, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the sessions");
            await Task.Delay(20);
        }
    }

    /// <summary>An even port whose next one is free too, for the server's RTP and RTCP.</summary>
    private static int FreeUdpPortPair()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            int port;
            using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
            {
                probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                port = ((IPEndPoint)probe.LocalEndPoint!).Port & ~1;
            }
            try
            {
                using var rtpSocket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                using var rtcpSocket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                rtpSocket.Bind(new IPEndPoint(IPAddress.Any, port));
                rtcpSocket.Bind(new IPEndPoint(IPAddress.Any, port + 1));
                return port;
            }
            catch (SocketException)
            {
            }
        }
        throw new InvalidOperationException("no free pair of UDP ports");
    }

    private sealed class OneStream(StreamHub hub) : IRtspStreamCatalog
    {
        public bool TryGetStream(string name, out StreamHub stream, out int index)
        {
            stream = hub;
            index = 0;
            return name == hub.Name;
        }
    }

    /// <summary>Just enough of an RTSP client: SETUP, PLAY, TEARDOWN, then the interleaved bytes as they come.</summary>
    private sealed class RtspTestClient : IDisposable
    {
        private readonly TcpClient _tcp = new(AddressFamily.InterNetwork);
        private readonly string _url;
        private readonly NetworkStream _stream;
        private string? _session;
        private int _cseq;

        public RtspTestClient(IPEndPoint server)
        {
            _tcp.Connect(server);
            _stream = _tcp.GetStream();
            _url = $"rtsp://127.0.0.1:{server.Port}/cam";
        }

        public IPEndPoint LocalEndPoint => (IPEndPoint)_tcp.Client.LocalEndPoint!;

        public async Task SetupAsync(string transport)
        {
            var response = await RequestAsync("SETUP", _url + "/trackID=0", "Transport: " + transport);
            _session = response.Split("\r\n").Single(l => l.StartsWith("Session:", StringComparison.Ordinal))["Session:".Length..].Split(';')[0].Trim();
        }

        public Task PlayAsync() => RequestAsync("PLAY", _url, "Session: " + _session);

        public async Task TeardownAsync()
        {
            var request = Encoding.ASCII.GetBytes($"TEARDOWN {_url} RTSP/1.0\r\nCSeq: {++_cseq}\r\nSession: {_session}\r\n\r\n");
            await _stream.WriteAsync(request);
        }

        /// <summary>Bytes of interleaved data read; 0 at the end of the connection.</summary>
        public async Task<int> ReadDataAsync()
        {
            var buffer = new byte[16384];
            try
            {
                return await _stream.ReadAsync(buffer);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                return 0;
            }
        }

        public void Dispose() => _tcp.Dispose();

        /// <summary>Sends a request and reads its response head byte by byte, so no data after it is taken.</summary>
        private async Task<string> RequestAsync(string method, string url, string header)
        {
            var request = Encoding.ASCII.GetBytes($"{method} {url} RTSP/1.0\r\nCSeq: {++_cseq}\r\n{header}\r\n\r\n");
            await _stream.WriteAsync(request);
            var head = new StringBuilder();
            var one = new byte[1];
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
            {
                Assert.Equal(1, await _stream.ReadAsync(one));
                head.Append((char)one[0]);
            }
            var text = head.ToString();
            Assert.StartsWith("RTSP/1.0 200", text, StringComparison.Ordinal);
            return text;
        }
    }
}
