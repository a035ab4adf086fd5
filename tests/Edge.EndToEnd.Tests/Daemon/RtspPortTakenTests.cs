using System.Net;
using System.Net.Sockets;
using Edge.EndToEnd.Tests.Rtsp;
using Edge.EndToEnd.Tests.Support;

namespace Edge.EndToEnd.Tests.Daemon;

/// <summary>
/// Another program holds the RTSP port when edge starts: edge says so, keeps running (the
/// status shows the error, the status LED would fast-blink), and serves as soon as the port is free.
/// </summary>
public sealed class RtspPortTakenTests
{
    [Fact]
    public async Task TakenPort_IsAnError_ThatHealsWhenThePortComesFree()
    {
        var rtspPort = Ports.NextPair();
        var squatter = new TcpListener(IPAddress.Loopback, rtspPort);
        squatter.Start();
        var config = Path.Combine(Path.GetTempPath(), $"edge-e2e-{Guid.NewGuid():N}.toml");
        await File.WriteAllTextAsync(config, $"""
            [rtsp]
            listen = "127.0.0.1:{rtspPort}"
            udp_rtp_port = {Ports.NextPair()}
            multicast_port = {Ports.NextPair()}
            {TestCameras.One}
            [http]
            listen = "127.0.0.1:{Ports.NextPair()}"
            """);
        using var notify = new NotifySocket();
        using var edge = EdgeProcess.Start(["run", "--config", config], new Dictionary<string, string?> { ["NOTIFY_SOCKET"] = notify.Path });
        try
        {
            var ready = await notify.WaitForAsync("READY=1", TimeSpan.FromSeconds(30));
            Assert.Contains(ready, m => m.Contains($"STATUS=error: cannot listen for RTSP on 127.0.0.1:{rtspPort}", StringComparison.Ordinal));
            await edge.WaitForOutputAsync("RTSP unavailable: cannot listen for RTSP", TimeSpan.FromSeconds(10));
            Assert.Contains("change rtsp.listen", edge.Output, StringComparison.Ordinal);

            squatter.Stop();
            await edge.WaitForOutputAsync("RTSP listening after", TimeSpan.FromSeconds(30));
            var pull = await RtspPull.DecodeAsync($"rtsp://127.0.0.1:{rtspPort}/cam", "tcp", 320, 240, 3);

            RtspPull.AssertClean(pull, 3 * 25);
            Assert.False(edge.HasExited, edge.Output);
        }
        finally
        {
            squatter.Stop();
            File.Delete(config);
        }
    }
}
