using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Edge.EndToEnd.Tests.Support;

namespace Edge.EndToEnd.Tests.Rtsp;

/// <summary>
/// How long sessions live: a UDP session outlives its RTSP connection while the client sends
/// RTCP, ends at the session timeout when it goes silent, ends at once on RTCP BYE; PAUSE stops
/// and PLAY resumes the packets. Driven by a hand-written client so every packet can be counted.
/// </summary>
public sealed class RtspSessionLifetimeTests
{
    private const int SessionTimeoutSeconds = 5;
    private static readonly string ShortTimeout = $"session_timeout_s = {SessionTimeoutSeconds}";

    [Fact]
    public async Task UdpSession_WithoutRtcpOrKeepAlive_EndsAtTheTimeout()
    {
        await using var edge = await EdgeServer.StartAsync(TestCameras.One, ShortTimeout);
        using var client = await UdpClientSession.StartAsync(edge.RtspPort);
        client.CloseConnection(); // a UDP session outlives its connection; only the timeout ends it

        Assert.True(await client.CountPacketsAsync(TimeSpan.FromSeconds(1)) > 0, "no RTP before the timeout");
        await Task.Delay(TimeSpan.FromSeconds(SessionTimeoutSeconds + 1.5)); // the heartbeat checks once a second
        client.Drain(); // what queued in the socket before the timeout
        var late = await client.CountPacketsAsync(TimeSpan.FromSeconds(2));
        Assert.True(late == 0, $"{late} RTP packets arrived after the {SessionTimeoutSeconds} s session timeout. edge:\n{edge.Process.Output}");
        await edge.Process.WaitForOutputAsync($"ended: no RTCP or keep-alive for {SessionTimeoutSeconds} s", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task UdpSession_KeptAliveByReceiverReports_OutlivesTheTimeout()
    {
        await using var edge = await EdgeServer.StartAsync(TestCameras.One, ShortTimeout);
        using var client = await UdpClientSession.StartAsync(edge.RtspPort);
        client.CloseConnection();

        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(SessionTimeoutSeconds * 2))
        {
            client.SendReceiverReport();
            await Task.Delay(1000);
        }
        client.Drain();
        Assert.True(await client.CountPacketsAsync(TimeSpan.FromSeconds(1)) > 0, "the session ended although the client sent receiver reports");
    }

    [Fact]
    public async Task RtcpBye_EndsTheSessionAtOnce()
    {
        await using var edge = await EdgeServer.StartAsync(TestCameras.One, ShortTimeout);
        using var client = await UdpClientSession.StartAsync(edge.RtspPort);
        Assert.True(await client.CountPacketsAsync(TimeSpan.FromSeconds(1)) > 0);

        client.SendBye();
        await Task.Delay(500);
        client.Drain();
        var after = await client.CountPacketsAsync(TimeSpan.FromSeconds(2));
        Assert.True(after == 0, $"{after} RTP packets after BYE");
    }

    [Fact]
    public async Task Pause_StopsThePackets_AndPlayResumesThem()
    {
        await using var edge = await EdgeServer.StartAsync(TestCameras.One);
        using var client = await UdpClientSession.StartAsync(edge.RtspPort);
        Assert.True(await client.CountPacketsAsync(TimeSpan.FromSeconds(1)) > 0);

        var pause = await client.RequestAsync("PAUSE", "");
        Assert.StartsWith("RTSP/1.0 200", pause, StringComparison.Ordinal);
        await Task.Delay(300);
        client.Drain();
        Assert.Equal(0, await client.CountPacketsAsync(TimeSpan.FromSeconds(1.5)));

        var play = await client.RequestAsync("PLAY", "");
        Assert.StartsWith("RTSP/1.0 200", play, StringComparison.Ordinal);
        Assert.Contains("RTP-Info:", play, StringComparison.Ordinal);
        Assert.True(await client.CountPacketsAsync(TimeSpan.FromSeconds(1)) > 0, "no RTP after PLAY resumed");
    }

    /// <summary>An RTSP client with a UDP port pair, after SETUP and PLAY.</summary>
    private sealed class UdpClientSession : IDisposable
    {
        private readonly Socket _control;
        private readonly Socket _rtp;
        private readonly Socket _rtcp;
        private readonly string _url;
        private readonly string _session;
        private readonly IPEndPoint _serverRtcp;
        private int _cSeq = 2;

        private UdpClientSession(Socket control, Socket rtp, Socket rtcp, string url, string session, IPEndPoint serverRtcp)
        {
            _control = control;
            _rtp = rtp;
            _rtcp = rtcp;
            _url = url;
            _session = session;
            _serverRtcp = serverRtcp;
        }

        public static async Task<UdpClientSession> StartAsync(int rtspPort)
        {
            var (rtp, rtcp) = BindPortPair();
            var control = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await control.ConnectAsync("127.0.0.1", rtspPort);
            var url = $"rtsp://127.0.0.1:{rtspPort}/cam";
            var rtpPort = ((IPEndPoint)rtp.LocalEndPoint!).Port;
            var setup = await ExchangeAsync(control,
                $"SETUP {url}/trackID=0 RTSP/1.0\r\nCSeq: 1\r\nTransport: RTP/AVP;unicast;client_port={rtpPort}-{rtpPort + 1}\r\n\r\n");
            Assert.StartsWith("RTSP/1.0 200", setup, StringComparison.Ordinal);
            var session = Header(setup, "Session").Split(';')[0].Trim();
            var serverPorts = Header(setup, "Transport").Split(';').First(p => p.StartsWith("server_port=", StringComparison.Ordinal))["server_port=".Length..].Split('-');
            var serverRtcp = new IPEndPoint(IPAddress.Loopback, int.Parse(serverPorts[1], System.Globalization.CultureInfo.InvariantCulture));
            var client = new UdpClientSession(control, rtp, rtcp, url, session, serverRtcp);
            var play = await client.RequestAsync("PLAY", "");
            Assert.StartsWith("RTSP/1.0 200", play, StringComparison.Ordinal);
            return client;
        }

        public async Task<string> RequestAsync(string method, string extraHeaders)
        {
            var cSeq = _cSeq++;
            return await ExchangeAsync(_control, $"{method} {_url} RTSP/1.0\r\nCSeq: {cSeq}\r\nSession: {_session}\r\n{extraHeaders}\r\n");
        }

        public void CloseConnection() => _control.Close();

        /// <summary>Counts RTP packets arriving within <paramref name="window"/>.</summary>
        public async Task<int> CountPacketsAsync(TimeSpan window)
        {
            var count = 0;
            var buffer = new byte[2048];
            using var timeout = new CancellationTokenSource(window);
            try
            {
                while (true)
                {
                    await _rtp.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                    count++;
                }
            }
            catch (OperationCanceledException)
            {
            }
            return count;
        }

        /// <summary>Discards packets already queued in the socket.</summary>
        public void Drain()
        {
            var buffer = new byte[2048];
            while (_rtp.Available > 0)
                _rtp.Receive(buffer);
        }

        public void SendReceiverReport()
        {
            // RFC 3550 6.4.2: V=2, RC=0, PT=201, length 1 (two words), the reporter's SSRC.
            var packet = new byte[8];
            packet[0] = 0x80;
            packet[1] = 201;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), 1);
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), 0x1234_5678);
            _rtcp.SendTo(packet, _serverRtcp);
        }

        public void SendBye()
        {
            // A compound packet, as RFC 3550 requires: an empty RR, then BYE (PT=203, SC=1).
            var packet = new byte[16];
            packet[0] = 0x80;
            packet[1] = 201;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), 1);
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), 0x1234_5678);
            packet[8] = 0x81;
            packet[9] = 203;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), 1);
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(12), 0x1234_5678);
            _rtcp.SendTo(packet, _serverRtcp);
        }

        public void Dispose()
        {
            _control.Dispose();
            _rtp.Dispose();
            _rtcp.Dispose();
        }

        private static (Socket Rtp, Socket Rtcp) BindPortPair()
        {
            for (var attempt = 0; attempt < 50; attempt++)
            {
                var port = Ports.NextPair();
                var rtp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                var rtcp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                try
                {
                    rtp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                    rtcp.Bind(new IPEndPoint(IPAddress.Loopback, port + 1));
                    return (rtp, rtcp);
                }
                catch (SocketException)
                {
                    rtp.Dispose();
                    rtcp.Dispose();
                }
            }
            throw new InvalidOperationException("no free UDP port pair");
        }

        private static async Task<string> ExchangeAsync(Socket socket, string request)
        {
            await socket.SendAsync(Encoding.ASCII.GetBytes(request), SocketFlags.None);
            var received = new StringBuilder();
            var buffer = new byte[1];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (!received.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
            {
                if (await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) == 0)
                    break;
                received.Append((char)buffer[0]);
            }
            var head = received.ToString();
            var length = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
            if (length is not null)
            {
                var body = new byte[int.Parse(length["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)];
                var read = 0;
                while (read < body.Length)
                    read += await socket.ReceiveAsync(body.AsMemory(read), SocketFlags.None, timeout.Token);
            }
            return head;
        }

        private static string Header(string head, string name) =>
            head.Split("\r\n").First(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))[(name.Length + 1)..].Trim();
    }
}
