using System.Net;
using System.Net.Sockets;
using System.Text;
using Edge.Media;
using Edge.Media.Streaming;
using Edge.Rtsp.Server;
using Edge.Rtsp.Tests.Protocol.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Rtsp.Tests.Server;

/// <summary>
/// <see cref="IRtspSessionList"/> against real sessions on loopback: a client over TCP and one over
/// UDP play a stream; each is listed with its address, transport, start time and the bytes the
/// server sent it, which must equal the bytes the client received.
/// </summary>
public sealed class RtspSessionInfoTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new();
    private readonly StreamHub _hub = new("cam");
    private readonly CancellationTokenSource _stopPublishing = new();
    private RtspServer _server = null!;
    private Task _publisher = Task.CompletedTask;

    public Task InitializeAsync()
    {
        var udpPort = FreeUdpPorts.Pair();
        _server = new RtspServer(
            new RtspServerOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0), UdpRtpPort = udpPort, MulticastAddress = null, Transports = RtpTransports.Udp | RtpTransports.Tcp },
            new OneStream(_hub), health: null, _time, NullLogger.Instance);
        _server.Start();
        _publisher = Task.Run(() => KeyframePublisher.RunAsync(_hub, fill: 1, _stopPublishing.Token));
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
        using var tcp = new RtspTestClient(_server.LocalEndPoint!, "cam");
        await tcp.SetupAsync("RTP/AVP/TCP;unicast;interleaved=0-1");
        Assert.Empty(_server.PlayingSessions()); // set up, not yet playing
        await tcp.PlayAsync();
        // Playing starts just after the PLAY response has gone out.
        await Until(() => _server.PlayingSessions().Count == 1);

        _time.Advance(TimeSpan.FromSeconds(3));
        using var rtp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var rtpPort = ((IPEndPoint)rtp.Client.LocalEndPoint!).Port;
        using var udp = new RtspTestClient(_server.LocalEndPoint!, "cam");
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

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the sessions");
            await Task.Delay(20);
        }
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
}
