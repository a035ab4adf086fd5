using System.Net;
using System.Net.Sockets;
using System.Text;
using Edge.EndToEnd.Tests.Support;

namespace Edge.EndToEnd.Tests.Rtsp;

/// <summary>Basic and Digest authentication with ffmpeg as the client.</summary>
public sealed class RtspAuthTests
{
    private const string Password = "Pa55-word-SECRET";

    private static string Config(string mode) => $"""
        auth = "{mode}"
        [[rtsp.users]]
        name = "viewer"
        password = "{Password}"
        {TestCameras.One}
        """;

    [Theory]
    [InlineData("basic")]
    [InlineData("digest")]
    public async Task RightPassword_Plays(string mode)
    {
        await using var edge = await EdgeServer.StartAsync("", Config(mode));

        var url = $"rtsp://viewer:{Password}@127.0.0.1:{edge.RtspPort}/cam";
        var pull = await RtspPull.DecodeAsync(url, "tcp", 320, 240, 3);

        RtspPull.AssertClean(pull, 75, source: edge);
        Assert.DoesNotContain(Password, edge.Process.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("basic")]
    [InlineData("digest")]
    public async Task WrongPassword_Is401_AndLoggedWithoutThePassword(string mode)
    {
        await using var edge = await EdgeServer.StartAsync("", Config(mode));

        var result = await ExternalTool.RunAsync("ffprobe",
            ["-v", "error", "-rtsp_transport", "tcp", $"rtsp://viewer:WRONG-{Password}@127.0.0.1:{edge.RtspPort}/cam"], TimeSpan.FromSeconds(20));
        var anonymous = await ExternalTool.RunAsync("ffprobe",
            ["-v", "error", "-rtsp_transport", "tcp", edge.Url("cam")], TimeSpan.FromSeconds(20));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("401", result.Stderr, StringComparison.Ordinal);
        Assert.NotEqual(0, anonymous.ExitCode);
        Assert.Contains("401", anonymous.Stderr, StringComparison.Ordinal);
        await Task.Delay(500);
        Assert.Contains("user \"viewer\"", edge.Process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, edge.Process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PasswordGuessing_Gets401s_AndOneLogLineAMinute()
    {
        await using var edge = await EdgeServer.StartAsync("", Config("basic"));

        for (var i = 0; i < 20; i++)
        {
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(IPAddress.Loopback, edge.RtspPort);
            var credentials = Convert.ToBase64String(Encoding.ASCII.GetBytes($"viewer:guess-{i}"));
            await socket.SendAsync(Encoding.ASCII.GetBytes(
                $"DESCRIBE {edge.Url("cam")} RTSP/1.0\r\nCSeq: {i + 1}\r\nAuthorization: Basic {credentials}\r\n\r\n"));
            var response = await ReadResponseHeadAsync(socket);
            Assert.StartsWith("RTSP/1.0 401 ", response, StringComparison.Ordinal);
        }

        await Task.Delay(500);
        var logged = edge.Process.Output.Split('\n').Count(l => l.Contains("user \"viewer\"", StringComparison.Ordinal));
        Assert.Equal(1, logged);
        Assert.DoesNotContain("guess-", edge.Process.Output, StringComparison.Ordinal);
    }

    /// <summary>Reads up to the blank line that ends a response head (bounded in time and size).</summary>
    private static async Task<string> ReadResponseHeadAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var received = new List<byte>();
        var buffer = new byte[4096];
        while (received.Count < 65536)
        {
            var length = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            if (length == 0)
                break;
            received.AddRange(buffer.AsSpan(0, length));
            var text = Encoding.Latin1.GetString([.. received]);
            if (text.Contains("\r\n\r\n", StringComparison.Ordinal))
                return text;
        }
        return Encoding.Latin1.GetString([.. received]);
    }
}
