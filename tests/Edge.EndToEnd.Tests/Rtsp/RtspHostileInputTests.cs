using System.Net.Sockets;
using System.Text;
using Edge.EndToEnd.Tests.Support;

namespace Edge.EndToEnd.Tests.Rtsp;

/// <summary>Garbage, oversized and half-finished input, then a normal client that must still be served.</summary>
public sealed class RtspHostileInputTests
{
    [Fact]
    public async Task HostileClients_DoNotStopANormalOne()
    {
        await using var edge = await EdgeServer.StartAsync(TestCameras.One, "session_timeout_s = 5");
        var port = edge.RtspPort;

        // Garbage bytes.
        Assert.StartsWith("RTSP/1.0 400", await SendAsync(port, Encoding.ASCII.GetBytes("\u0001\u0002GARBAGE \u00ff\u00fe\r\n\r\n")), StringComparison.Ordinal);
        // A TLS hello on the RTSP port.
        Assert.StartsWith("RTSP/1.0 400", await SendAsync(port, [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]), StringComparison.Ordinal);
        // A header section far beyond the limit, with no end in sight.
        Assert.StartsWith("RTSP/1.0 400", await SendAsync(port, Encoding.ASCII.GetBytes("OPTIONS * RTSP/1.0\r\nX-Big: " + new string('a', 100_000))), StringComparison.Ordinal);
        // No CSeq.
        Assert.StartsWith("RTSP/1.0 400", await SendAsync(port, Encoding.ASCII.GetBytes("OPTIONS * RTSP/1.0\r\n\r\n")), StringComparison.Ordinal);
        // A bad Transport header.
        Assert.StartsWith("RTSP/1.0 461", await SendAsync(port, Encoding.ASCII.GetBytes($"SETUP rtsp://127.0.0.1:{port}/cam/trackID=0 RTSP/1.0\r\nCSeq: 1\r\nTransport: nonsense;;;==\r\n\r\n")), StringComparison.Ordinal);
        // PLAY on a session that does not exist.
        Assert.StartsWith("RTSP/1.0 454", await SendAsync(port, Encoding.ASCII.GetBytes($"PLAY rtsp://127.0.0.1:{port}/cam RTSP/1.0\r\nCSeq: 2\r\nSession: 1234\r\n\r\n")), StringComparison.Ordinal);
        // Interleaved frames on channels never set up, then a valid request on the same connection.
        var interleaved = new byte[] { (byte)'$', 7, 0, 4, 1, 2, 3, 4, (byte)'$', 200, 0, 0 };
        Assert.StartsWith("RTSP/1.0 200", await SendAsync(port, [.. interleaved, .. Encoding.ASCII.GetBytes("OPTIONS * RTSP/1.0\r\nCSeq: 3\r\n\r\n")]), StringComparison.Ordinal);
        // An unsupported version and method.
        Assert.StartsWith("RTSP/1.0 505", await SendAsync(port, Encoding.ASCII.GetBytes("OPTIONS * RTSP/2.0\r\nCSeq: 4\r\n\r\n")), StringComparison.Ordinal);
        Assert.StartsWith("RTSP/1.0 405", await SendAsync(port, Encoding.ASCII.GetBytes($"RECORD rtsp://127.0.0.1:{port}/cam RTSP/1.0\r\nCSeq: 5\r\n\r\n")), StringComparison.Ordinal);

        // A client that connects and says nothing, and one that plays over TCP and never reads.
        using var silent = await ConnectAsync(port);
        using var stalled = await ConnectAsync(port);
        await StartTcpPlaybackAsync(stalled, port);

        var pull = await RtspPull.DecodeAsync(edge.Url("cam"), "tcp", 320, 240, 5);
        RtspPull.AssertClean(pull, 125, source: edge);

        // The silent connection is dropped by the first-request timeout; the server stays up.
        await Task.Delay(TimeSpan.FromSeconds(11));
        Assert.Equal(0, await silent.ReceiveAsync(new byte[16], SocketFlags.None));
        Assert.False(edge.Process.HasExited);
        var again = await RtspPull.DecodeAsync(edge.Url("cam"), "udp", 320, 240, 2);
        RtspPull.AssertClean(again, 50, source: edge);
    }

    [Fact]
    public async Task SetupInALoop_IsCappedPerConnection_AndInAll_ThenServesAgain()
    {
        await using var edge = await EdgeServer.StartAsync(TestCameras.One, "max_clients = 20");
        var port = edge.RtspPort;
        var url = $"rtsp://127.0.0.1:{port}/cam/trackID=0";

        // One connection asking for session after session: 16 are allowed, then 503s.
        using var greedy = await ConnectAsync(port);
        var answers = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            await RequestAsync(greedy, $"SETUP {url} RTSP/1.0\r\nCSeq: {i + 1}\r\nTransport: RTP/AVP/TCP;unicast;interleaved={2 * i}-{2 * i + 1}\r\n\r\n");
            answers.Add((await ReadHeadAsync(greedy)).Split("\r\n")[0]);
        }
        Assert.Equal(16, answers.Count(a => a == "RTSP/1.0 200 OK"));
        Assert.Equal(24, answers.Count(a => a.StartsWith("RTSP/1.0 503 ", StringComparison.Ordinal)));

        // A second connection may hold the remaining 4 of max_clients = 20, and no more.
        using var second = await ConnectAsync(port);
        var secondAnswers = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            await RequestAsync(second, $"SETUP {url} RTSP/1.0\r\nCSeq: {i + 1}\r\nTransport: RTP/AVP/TCP;unicast;interleaved={2 * i}-{2 * i + 1}\r\n\r\n");
            secondAnswers.Add((await ReadHeadAsync(second)).Split("\r\n")[0]);
        }
        Assert.Equal(["RTSP/1.0 200 OK", "RTSP/1.0 200 OK", "RTSP/1.0 200 OK", "RTSP/1.0 200 OK"], secondAnswers.Take(4));
        Assert.All(secondAnswers.Skip(4), a => Assert.StartsWith("RTSP/1.0 503 ", a, StringComparison.Ordinal));

        // Each limit was logged once, not per refusal.
        Assert.Single(edge.Process.Output.Split('\n'), l => l.Contains("already holding 16 sessions on one connection", StringComparison.Ordinal));
        Assert.Single(edge.Process.Output.Split('\n'), l => l.Contains("already holding 20 sessions in all", StringComparison.Ordinal));

        // Closing the greedy connection frees its sessions (once the server has seen it go): a normal client plays.
        greedy.Close();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        string probe;
        while (true)
        {
            using (var fresh = await ConnectAsync(port))
            {
                await RequestAsync(fresh, $"SETUP {url} RTSP/1.0\r\nCSeq: 1\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n");
                probe = (await ReadHeadAsync(fresh)).Split("\r\n")[0];
            }
            if (probe == "RTSP/1.0 200 OK" || DateTime.UtcNow > deadline)
                break;
            await Task.Delay(100);
        }
        Assert.Equal("RTSP/1.0 200 OK", probe);
        var pull = await RtspPull.DecodeAsync(edge.Url("cam"), "tcp", 320, 240, 2);
        RtspPull.AssertClean(pull, 50, source: edge);
    }

    private static async Task<Socket> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", port);
        return socket;
    }

    /// <summary>Sends one message on a fresh connection and returns the first response (bounded wait).</summary>
    private static async Task<string> SendAsync(int port, byte[] message)
    {
        using var socket = await ConnectAsync(port);
        try
        {
            await socket.SendAsync(message, SocketFlags.None);
        }
        catch (SocketException)
        {
            // The server may answer and close before it read everything of a huge request.
        }
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var length = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        return Encoding.ASCII.GetString(buffer, 0, length);
    }

    /// <summary>DESCRIBE, SETUP over TCP and PLAY, then stops reading: the server must not stall for others.</summary>
    private static async Task StartTcpPlaybackAsync(Socket socket, int port)
    {
        var url = $"rtsp://127.0.0.1:{port}/cam";
        await RequestAsync(socket, $"SETUP {url}/trackID=0 RTSP/1.0\r\nCSeq: 1\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n");
        var setup = await ReadHeadAsync(socket);
        var session = setup.Split("\r\n").First(l => l.StartsWith("Session:", StringComparison.Ordinal))["Session:".Length..].Split(';')[0].Trim();
        await RequestAsync(socket, $"PLAY {url} RTSP/1.0\r\nCSeq: 2\r\nSession: {session}\r\n\r\n");
        socket.ReceiveBufferSize = 4096;
    }

    private static Task RequestAsync(Socket socket, string text) => socket.SendAsync(Encoding.ASCII.GetBytes(text), SocketFlags.None);

    private static async Task<string> ReadHeadAsync(Socket socket)
    {
        var received = new StringBuilder();
        var buffer = new byte[1];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!received.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) == 0)
                break;
            received.Append((char)buffer[0]);
        }
        return received.ToString();
    }
}
