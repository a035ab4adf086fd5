using System.Diagnostics;
using Edge.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace Edge.EndToEnd.Tests.Daemon;

/// <summary>
/// SIGHUP at every moment of a start. On the emulated Raspberry Pi, a broken edge.toml fixed on
/// the card made the card's setup ask for <c>systemctl reload edge</c> just as edge, which had
/// waited for the fix, built its host: the signal landed between the wait's handler and the
/// reloader's, SIGHUP's default action ended edge, and systemd, which counts that as a clean
/// exit, did not restart it.
/// </summary>
public sealed class HangupAtStartTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ABrokenFileFixed_UnderAStormOfReloads_StartsAndKeepsRunning()
    {
        var rtspPort = Ports.NextPair();
        string Config(int fps) => $"""
            [rtsp]
            listen = "127.0.0.1:{rtspPort}"
            udp_rtp_port = {Ports.NextPair()}
            multicast_port = {Ports.NextPair()}

            [camera.cam]
            source = "test"
            width = 160
            height = 120
            fps = {fps}

            [http]
            listen = "127.0.0.1:{Ports.NextPair()}"
            """;
        var path = Path.Combine(Path.GetTempPath(), $"edge-hangup-{Guid.NewGuid():N}.toml");
        await File.WriteAllTextAsync(path, Config(fps: 500));
        try
        {
            using var notify = new NotifySocket();
            using var edge = EdgeProcess.Start(["run", "--config", path], new Dictionary<string, string?> { ["NOTIFY_SOCKET"] = notify.Path });
            // Under a notify socket a broken file is shown until it is fixed (READY=1 with the error).
            await notify.WaitForAsync("READY=1", Bound);
            await edge.WaitForOutputAsync("starts by itself once the file is valid", Bound);

            // The fix, and SIGHUP back to back from before edge sees it until well after its host
            // runs (the moment between the two is a few milliseconds here, so only a storm finds it).
            await File.WriteAllTextAsync(path, Config(fps: 10));
            var signals = 0;
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(6) && !edge.HasExited)
            {
                edge.Signal(Posix.SIGHUP);
                if (++signals % 64 == 0)
                    Thread.Sleep(1);
            }

            output.WriteLine($"{signals} SIGHUPs over {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.False(edge.HasExited, $"edge ended (exit {(edge.HasExited ? edge.ExitCode : 0)}) under SIGHUP during its start:\n{edge.Output}");
            Assert.Contains("is valid now; starting", edge.Output, StringComparison.Ordinal);
            // Reloads asked for once the host ran were served, and changed nothing.
            await edge.WaitForOutputAsync("is unchanged in effect; nothing restarted", Bound);

            // And it streams.
            var probe = await ExternalTool.RunAsync("ffprobe", ["-v", "error", "-rtsp_transport", "tcp", "-show_entries", "stream=width,height", "-of", "csv=p=0", $"rtsp://127.0.0.1:{rtspPort}/cam"], Bound);
            Assert.True(probe.ExitCode == 0, $"ffprobe: {probe.Stderr}\n{edge.Output}");
            Assert.Equal("160,120", probe.StdoutText.Trim());
            Assert.False(edge.HasExited);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
