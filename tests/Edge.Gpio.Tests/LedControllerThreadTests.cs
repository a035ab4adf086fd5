using System.Diagnostics;
using Edge.Gpio.Leds;
using Edge.Gpio.Tests.Support;
using Edge.Media.Health;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Gpio.Tests;

/// <summary>The LED thread itself: on a fake clock for its timing, in real time for its independence of the thread pool.</summary>
[Collection(nameof(RealTimeCollection))]
public sealed class LedControllerThreadTests
{
    private static readonly TimeSpan ThreadReacts = TimeSpan.FromSeconds(5);

    [Fact]
    public void TheThread_WritesEachEdgeWhenTheClockReachesIt()
    {
        var time = new FakeTimeProvider();
        var health = new HealthModel(time);
        health.SetFatalError("bad config");                     // fast blink: 100 ms on, 100 ms off
        var lines = new FakeGpioDriver(time, 17);
        using var controller = new LedController([LedRole.Status], () => LedControllerTests.Outputs(lines, [17]), health, time, new ListLogger());
        var start = lines.Now;

        controller.Start();
        Assert.True(SpinWait.SpinUntil(() => lines.Writes.Count == 1, ThreadReacts));
        for (var edge = 1; edge <= 6; edge++)
        {
            time.Advance(TimeSpan.FromMilliseconds(60));        // not yet at the edge: nothing
            Assert.False(SpinWait.SpinUntil(() => lines.Writes.Count > edge, TimeSpan.FromMilliseconds(20)));
            time.Advance(TimeSpan.FromMilliseconds(40));
            Assert.True(SpinWait.SpinUntil(() => lines.Writes.Count == edge + 1, ThreadReacts), $"edge {edge} was not written");
        }
        controller.Stop();

        var writes = lines.Writes;
        var toggles = writes.Take(writes.Count - 1).ToList();   // the last write is Stop's "all off"
        Assert.All(toggles, w => Assert.Equal("edge-leds", w.Thread));
        Assert.Equal([0, 100, 200, 300, 400, 500, 600], toggles.Select(w => (w.At - start).TotalMilliseconds));
        Assert.Equal([1UL, 0, 1, 0, 1, 0, 1], toggles.Select(w => w.State));
        Assert.Equal(0UL, lines.State);
        Assert.True(lines.Disposed);
    }

    [Fact]
    public void AHealthChange_WakesTheThreadAtOnce()
    {
        var time = new FakeTimeProvider();
        var health = new HealthModel(time);
        health.SetCamera("front", CameraState.Streaming, "");    // solid: the thread sleeps until the clock moves 1 s
        var lines = new FakeGpioDriver(time, 17);
        using var controller = new LedController([LedRole.Status], () => LedControllerTests.Outputs(lines, [17]), health, time, new ListLogger());
        controller.Start();
        Assert.True(SpinWait.SpinUntil(() => lines.Writes.Count == 1, ThreadReacts));

        health.SetCamera("front", CameraState.Failed, "gone");  // the clock stands still: only the change can wake it
        Assert.True(SpinWait.SpinUntil(() => controller.PatternOf(LedRole.Status) == LedPattern.DoubleBlink, ThreadReacts));
        time.Advance(TimeSpan.FromMilliseconds(150));          // the double blink's first "off", timed from the change
        Assert.True(SpinWait.SpinUntil(() => lines.Writes.Count == 2, ThreadReacts));
        Assert.Equal(0UL, lines.Writes[1].State);
        controller.Stop();
    }

    [Fact]
    public void OnTheSystemClock_TheThreadKeepsBlinkingWhileTheThreadPoolIsStarved()
    {
        var health = new HealthModel(TimeProvider.System);
        health.SetFatalError("bad config");                     // fast blink: an edge every 100 ms
        var lines = new FakeGpioDriver(TimeProvider.System, 17);
        using var controller = new LedController([LedRole.Status], () => LedControllerTests.Outputs(lines, [17]), health, TimeProvider.System, new ListLogger());

        // Occupy every thread-pool thread (and those it adds meanwhile) for the whole run. The
        // event is not disposed: work items the pool has not started by the end of the test still
        // wait on it afterwards (and return at once, since it is set).
        var release = new ManualResetEventSlim();
        ThreadPool.GetMinThreads(out var workers, out _);
        for (var i = 0; i < Math.Max(workers, Environment.ProcessorCount) * 2; i++)
            ThreadPool.UnsafeQueueUserWorkItem(_ => release.Wait(TimeSpan.FromSeconds(10)), null);
        try
        {
            var clock = Stopwatch.StartNew();
            controller.Start();
            // About ten edges in a second; a thread that needed the pool would write none.
            Assert.True(SpinWait.SpinUntil(() => lines.Writes.Count >= 5, TimeSpan.FromSeconds(3)));
            controller.Stop();
        }
        finally
        {
            release.Set();
        }
        Assert.All(lines.Writes.SkipLast(1), w => Assert.Equal("edge-leds", w.Thread));
    }
}

/// <summary>Tests whose threads must not wait behind other tests' run alone, after the others.</summary>
[CollectionDefinition(nameof(RealTimeCollection), DisableParallelization = true)]
public sealed class RealTimeCollection;
