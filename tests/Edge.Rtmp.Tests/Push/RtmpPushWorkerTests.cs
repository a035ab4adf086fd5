using Edge.Media;
using Edge.Media.Health;
using Edge.Media.Streaming;
using Edge.Media.Supervision;
using Edge.Rtmp.Push;
using Edge.Rtmp.Tests.Support;
using Xunit.Abstractions;

namespace Edge.Rtmp.Tests.Push;

/// <summary>The worker against a scripted upstream that stops reading: only the push loses frames, and it reconnects.</summary>
public sealed class RtmpPushWorkerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AnUpstreamThatStopsReading_CostsOnlyThePushItsFrames_AndIsDroppedAtTheWriteDeadline()
    {
        var baseline = AccessUnit.OutstandingCount;
        using var server = ScriptedRtmpServer.Start(receiveBuffer: 4096);
        var hub = new StreamHub("cam");
        var health = new HealthModel(TimeProvider.System);
        var logs = new CapturingLoggerFactory();
        // A write stuck for 2 s at 25 fps overflows a 10-frame queue well before the deadline ends the connection.
        var config = PushHarness.Config(server.Url("live/stall-key"));
        var options = config with
        {
            Publisher = config.Publisher with { WriteTimeout = TimeSpan.FromSeconds(2), Width = 1280, Height = 720 },
            QueueCapacity = 10,
            Reconnect = new BackoffPolicy(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60), jitter: 0.2),
        };
        var worker = new RtmpPushWorker(options, hub, health, TimeProvider.System, logs);
        using var stop = new CancellationTokenSource();
        var other = hub.Subscribe("another reader", new SubscriberOptions { QueueCapacity = 1000 });
        var feeding = Task.Run(() => Feed(hub, stop.Token));
        var run = Task.Run(() => worker.RunAsync(stop.Token));

        await using (var session = await server.AcceptAsync())
        {
            await session.AcceptPublishAsync(); // and then reads nothing more
            Assert.True(await Eventually.TrueAsync(() => worker.State == PushState.Retrying, TimeSpan.FromSeconds(30)), $"{health.Pushes.FirstOrDefault()}\n{logs.Text}");
        }
        await stop.CancelAsync();
        var published = await feeding;
        await run;

        var otherGot = 0;
        while (other.TryRead(out var unit))
        {
            otherGot++;
            unit.Release();
        }
        output.WriteLine($"published {published}; the push sent {worker.FramesSent} and lost {worker.FramesDropped}; the other reader got {otherGot}; {health.Pushes.First().Detail}");
        Assert.True(worker.FramesDropped > 0, "the stalled push should have lost frames to its queue");
        Assert.Equal(published, otherGot); // the other reader lost nothing
        Assert.Equal(0, other.DroppedFrames);
        Assert.Contains("the server stopped reading", logs.Text, StringComparison.Ordinal);
        other.Dispose();
        hub.Dispose();
        Assert.Equal(baseline, AccessUnit.OutstandingCount);
    }

    /// <summary>25 fps of 40 KB frames, a keyframe every 25; returns how many were published.</summary>
    private static int Feed(StreamHub hub, CancellationToken stop)
    {
        var count = 0;
        while (!stop.IsCancellationRequested)
        {
            var unit = count % 25 == 0 ? SyntheticUnits.Keyframe(count * 3600L, 40_000, count) : SyntheticUnits.Interframe(count * 3600L, 40_000, count);
            var started = Environment.TickCount64;
            hub.Publish(unit);
            Assert.True(Environment.TickCount64 - started < 100, "Publish blocked");
            count++;
            stop.WaitHandle.WaitOne(40);
        }
        return count;
    }
}
