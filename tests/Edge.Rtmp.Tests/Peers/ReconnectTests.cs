using Edge.Media;
using Edge.Media.Health;
using Edge.Media.Supervision;
using Edge.Rtmp.Client;
using Edge.Rtmp.Push;
using Edge.Rtmp.Tests.Client;
using Edge.Rtmp.Tests.Support;
using Edge.Tests.Shared.Peers;
using Xunit.Abstractions;

namespace Edge.Rtmp.Tests.Peers;

/// <summary>What a push does when its nginx goes away and comes back, refuses it, or was never there.</summary>
public sealed class ReconnectTests(ITestOutputHelper output)
{
    private const string StreamName = "reconnect-key";
    private const string Secret = "p4ssw0rd-in-query";

    [Fact]
    public async Task NginxKilledAndRestarted_PushIsLiveAgainWithinTheBackoff_AndNothingLeaks()
    {
        var baseline = AccessUnit.OutstandingCount;
        using var nginx = await NginxRtmpServer.StartAsync();
        var camera = TestPatternCamera.Start(320, 240, 25, keyframeIntervalSeconds: 2);
        var push = new PushHarness(camera, PushHarness.Config(nginx.Url($"{StreamName}?auth={Secret}")));
        try
        {
            Assert.True(await push.WaitForAsync(PushState.Live, TimeSpan.FromSeconds(15)), $"not live: {push.Current}\n{push.Logs.Text}");
            await Task.Delay(TimeSpan.FromSeconds(2));

            await nginx.KillAsync();
            Assert.True(await push.WaitForAsync(PushState.Retrying, TimeSpan.FromSeconds(12)), $"no retry after the kill: {push.Current}");
            var retrying = push.Current!.Detail;
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            await nginx.StartAgainAsync();
            var restarted = DateTime.UtcNow;
            Assert.True(await push.WaitForAsync(PushState.Live, TimeSpan.FromSeconds(10)), $"not live again: {push.Current}\n{push.Logs.Text}");
            var back = DateTime.UtcNow - restarted;

            var skippedBefore = camera.Source.FramesSkipped;
            var decoded = await FfmpegTools.DecodeVideoAsync(nginx.Url(StreamName), 320, 240, 3);

            output.WriteLine($"while down: \"{retrying}\"; live again {back.TotalSeconds:0.0} s after nginx restarted; states {string.Join(" → ", push.States)}; {push.Worker.Connects} connects, {push.Worker.Failures} failures");
            output.WriteLine($"decoded {decoded.Frames}: {string.Join(",", decoded.FrameNumbers)}; source skipped {camera.Source.FramesSkipped}; ffmpeg: {decoded.Warnings}");
            output.WriteLine(push.Logs.Text);
            Assert.Matches(@"^retrying in \d+ s: ", retrying);
            Assert.True(back < TimeSpan.FromSeconds(5), $"took {back} to come back"); // the back-off was at most 2 s (±20 %) by then
            AssertInOrder(push.States, PushState.Live, PushState.Retrying, PushState.Live);
            Assert.Equal(2, push.Worker.Connects);
            FfmpegTools.AssertClean(decoded, 75, camera.Source.FramesSkipped - skippedBefore);
            Assert.DoesNotContain(Secret, push.Logs.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(StreamName, push.Logs.Text, StringComparison.Ordinal);
            // One warning for the lost stream, one line per state change: no per-attempt flood.
            Assert.InRange(push.Logs.Lines.Count(l => l.StartsWith("Warning", StringComparison.Ordinal)), 1, 2);
        }
        finally
        {
            await push.DisposeAsync();
            await camera.DisposeAsync();
        }

        Assert.Equal(baseline, AccessUnit.OutstandingCount);
    }

    [Fact]
    public async Task SecondPublisherOfTheSameKey_IsRefusedByNginx_WithBadName()
    {
        using var nginx = await NginxRtmpServer.StartAsync();
        var url = RtmpPublisherTests.Url(nginx.Url($"{StreamName}?auth={Secret}"));
        await using var first = await RtmpPublisher.PublishAsync(RtmpPublisherTests.Options(url));

        var e = await Assert.ThrowsAsync<RtmpException>(() => RtmpPublisher.PublishAsync(RtmpPublisherTests.Options(url)));

        output.WriteLine(e.Message);
        Assert.Equal(RtmpFailure.Rejected, e.Failure);
        Assert.Contains("NetStream.Publish.BadName", e.Message, StringComparison.Ordinal);
        Assert.Contains("already being published", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(StreamName, e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownApplication_IsExplained()
    {
        using var nginx = await NginxRtmpServer.StartAsync();
        var url = RtmpPublisherTests.Url(nginx.Url(StreamName).Replace("/live/", "/nope/", StringComparison.Ordinal));

        var e = await Assert.ThrowsAsync<RtmpException>(() => RtmpPublisher.PublishAsync(RtmpPublisherTests.Options(url)));

        output.WriteLine(e.Message);
        Assert.Equal(RtmpFailure.Rejected, e.Failure);
        Assert.Contains("check the application name (\"nope\")", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NothingListening_RetriesWithGrowingDelays_LoggingTheReasonOnce()
    {
        var port = LoopbackPorts.GetFree();
        await using var camera = TestPatternCamera.Start(320, 240, 25);
        var options = PushHarness.Config($"rtmp://127.0.0.1:{port}/live/{StreamName}?auth={Secret}") with
        {
            Reconnect = new BackoffPolicy(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1)),
        };
        await using var push = new PushHarness(camera, options);

        Assert.True(await Eventually.TrueAsync(() => push.Worker.Failures >= 4, TimeSpan.FromSeconds(10)), $"{push.Worker.Failures} failures");
        await push.StopAsync();

        output.WriteLine(push.Logs.Text);
        Assert.Equal("connection refused", push.Worker.LastFailure);
        Assert.Equal(1, push.Logs.Lines.Count(l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("connection refused", StringComparison.Ordinal)));
        Assert.True(push.Logs.Lines.Count(l => l.StartsWith("Debug", StringComparison.Ordinal) && l.Contains("failed again", StringComparison.Ordinal)) >= 3);
        Assert.DoesNotContain(Secret, push.Logs.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(StreamName, push.Logs.Text, StringComparison.Ordinal);
        Assert.Equal(PushState.Disabled, push.Worker.State); // stopped
    }

    private static void AssertInOrder(IReadOnlyList<PushState> states, params PushState[] expected)
    {
        var next = 0;
        foreach (var state in states)
        {
            if (next < expected.Length && state == expected[next])
                next++;
        }
        Assert.True(next == expected.Length, $"expected {string.Join(" → ", expected)} in {string.Join(" → ", states)}");
    }
}
