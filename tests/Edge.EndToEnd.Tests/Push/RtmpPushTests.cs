using Edge.EndToEnd.Tests.Rtsp;
using Edge.EndToEnd.Tests.Support;
using Edge.Tests.Shared.Peers;
using Xunit.Abstractions;

namespace Edge.EndToEnd.Tests.Push;

/// <summary>The real binary pushing its camera to nginx-rtmp, read back with ffmpeg.</summary>
public sealed class RtmpPushTests(ITestOutputHelper output)
{
    private const string StreamKey = "e2e-secret-key-7f3a?token=hush";

    [Fact]
    public async Task Push_ReadsBackCleanly_SurvivesAnUpstreamRestart_AndNeverLogsTheKey()
    {
        using var nginx = await NginxRtmpServer.StartAsync();
        await using var edge = await EdgeServer.StartAsync(TestCameras.One + $"""

            [[push]]
            camera = "cam"
            url = "{nginx.Url(StreamKey)}"
            """);
        await edge.Process.WaitForOutputAsync("live (", TimeSpan.FromSeconds(20));

        var pulled = await RtspPull.DecodeAsync(nginx.Url(StreamKey), "", 320, 240, 5);
        output.WriteLine($"from nginx: {pulled.Frames} frames, {pulled.Warnings}");
        RtspPull.AssertClean(pulled, 125, startupAllowance: 5, source: edge);

        // The upstream dies and comes back while an RTSP client watches: the client sees no gap,
        // and the push is live again within the back-off.
        var rtsp = RtspPull.DecodeAsync(edge.Url("cam"), "tcp", 320, 240, 8);
        await Task.Delay(1000);
        await nginx.KillAsync();
        await Task.Delay(2000);
        await nginx.StartAgainAsync();
        var restarted = DateTime.UtcNow;
        while (CountOccurrences(edge.Process.Output, "live (") < 2)
        {
            Assert.True(DateTime.UtcNow - restarted < TimeSpan.FromSeconds(20), "the push did not go live again:\n" + edge.Process.Output);
            await Task.Delay(200);
        }
        output.WriteLine($"live again {(DateTime.UtcNow - restarted).TotalSeconds:0.0} s after nginx restarted");
        var watched = await rtsp;
        var gaps = watched.FrameNumbers.Zip(watched.FrameNumbers.Skip(1)).Where(p => p.Second - p.First != 1).Select(p => $"{p.First}->{p.Second}");
        output.WriteLine($"RTSP during the restart: {watched.Frames} frames, gaps: {string.Join(' ', gaps)}");
        RtspPull.AssertClean(watched, 200, source: edge);

        var again = await RtspPull.DecodeAsync(nginx.Url(StreamKey), "", 320, 240, 3);
        RtspPull.AssertClean(again, 75, startupAllowance: 5, source: edge);

        Assert.DoesNotContain("e2e-secret-key", edge.Process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("token=hush", edge.Process.Output, StringComparison.Ordinal);
    }

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + 1, StringComparison.Ordinal))
            count++;
        return count;
    }
}
