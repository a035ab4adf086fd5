using Edge.Media.Health;
using Edge.Rtmp.Tests.Support;
using Edge.Tests.Shared.Peers;
using Xunit.Abstractions;

namespace Edge.Rtmp.Tests.Peers;

/// <summary>Pushes the test pattern into nginx-rtmp and plays it back from nginx with ffmpeg.</summary>
public sealed class NginxPushTests(ITestOutputHelper output)
{
    private const string StreamName = "edge-test-key";
    private const string Secret = "s3cr3t-t0ken-value";

    [Fact]
    public async Task TenSeconds_PlayBackFromNginx_DecodeCleanly_InOrder()
    {
        using var nginx = await NginxRtmpServer.StartAsync();
        await using var camera = TestPatternCamera.Start(320, 240, 25);
        await using var push = new PushHarness(camera, PushHarness.Config(nginx.Url($"{StreamName}?token={Secret}")));
        Assert.True(await push.WaitForAsync(PushState.Live, TimeSpan.FromSeconds(15)), $"not live: {push.Current}\n{push.Logs.Text}\n{nginx.ErrorLog}");

        var skippedBefore = camera.Source.FramesSkipped;
        var decoded = await FfmpegTools.DecodeVideoAsync(nginx.Url(StreamName), 320, 240, 10);
        await push.StopAsync();

        output.WriteLine($"{decoded.Frames} pictures, numbers {decoded.FrameNumbers.FirstOrDefault()}..{decoded.FrameNumbers.LastOrDefault()}; pushed {push.Worker.BytesSent} bytes, {push.Worker.FramesSent} frames; source skipped {camera.Source.FramesSkipped}, dropped {camera.Source.FramesDropped}");
        FfmpegTools.AssertClean(decoded, 250, camera.Source.FramesSkipped - skippedBefore);
        Assert.Equal(0, push.Worker.FramesDropped);
        Assert.DoesNotContain(Secret, push.Logs.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(StreamName, push.Logs.Text, StringComparison.Ordinal);
    }
}
