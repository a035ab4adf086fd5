using System.Diagnostics;
using Edge.Gpio.Leds;
using Edge.Gpio.Tests.Support;
using Edge.Media.Health;

namespace Edge.Gpio.Tests;

/// <summary>The real LED thread, in real time. Not run in parallel: one test starves the thread pool on purpose.</summary>
[Collection(nameof(RealTimeCollection))]
public sealed class LedControllerThreadTests
{
    [Fact]
    public void Start_BlinksOnItsOwnThread_AndKeepsTimeWhileTheThreadPoolIsStarved()
    {
        var health = new HealthModel(TimeProvider.System);
        health.SetFatalError("bad config");                     // fast blink: 100 ms on, 100 ms off
        var lines = new FakeOutputLines(1, TimeProvider.System);
        using var controller = new LedController([LedRole.Status], () => lines, health, TimeProvider.System, new ListLogger());

        // Occupy every thread-pool thread (and those it adds meanwhile) for the whole measurement.
        using var release = new ManualResetEventSlim();
        var ran = TimeSpan.Zero;
        ThreadPool.GetMinThreads(out var workers, out _);
        var blockers = Enumerable.Range(0, Math.Max(workers, Environment.ProcessorCount) * 2)
            .Select(_ => ThreadPool.UnsafeQueueUserWorkItem(_ => release.Wait(TimeSpan.FromSeconds(10)), null))
            .ToArray();
        try
        {
            var clock = Stopwatch.StartNew();
            controller.Start();
            while (clock.Elapsed < TimeSpan.FromMilliseconds(1050))
                release.Wait(TimeSpan.FromMilliseconds(50));   // not Thread.Sleep: the test thread just waits
            controller.Stop();
            ran = clock.Elapsed;
        }
        finally
        {
            release.Set();
        }

        var writes = lines.Writes;
        var toggles = writes.Take(writes.Count - 1).ToList();   // the last write is Stop's "all off"
        Assert.All(toggles, w => Assert.Equal("edge-leds", w.Thread));
        var expected = (int)(ran.TotalMilliseconds / 100) + 1;  // an edge every 100 ms from the start
        Assert.InRange(toggles.Count, expected - 2, expected + 1);
        var gaps = toggles.Zip(toggles.Skip(1), (a, b) => (b.At - a.At).TotalMilliseconds).Order().ToArray();
        Assert.InRange(gaps[gaps.Length / 2], 80, 130);          // the median gap is the pattern's 100 ms
        Assert.Equal(0UL, lines.State);
        Assert.True(lines.Disposed);
    }

    [Fact]
    public void AHealthChange_WakesTheThreadAtOnce()
    {
        var health = new HealthModel(TimeProvider.System);
        health.SetCamera("front", CameraState.Streaming, "");    // solid: the thread sleeps up to 1 s
        var lines = new FakeOutputLines(1, TimeProvider.System);
        using var controller = new LedController([LedRole.Status], () => lines, health, TimeProvider.System, new ListLogger());
        controller.Start();
        SpinWait.SpinUntil(() => lines.Writes.Count == 1, TimeSpan.FromSeconds(2));
        using var pause = new ManualResetEventSlim();
        pause.Wait(TimeSpan.FromMilliseconds(100));

        var changed = Stopwatch.StartNew();
        health.SetCamera("front", CameraState.Failed, "gone");
        Assert.True(SpinWait.SpinUntil(() => controller.PatternOf(LedRole.Status) == LedPattern.DoubleBlink, TimeSpan.FromSeconds(2)));
        Assert.InRange(changed.Elapsed.TotalMilliseconds, 0, 300);   // well under the 1 s the thread was sleeping
        controller.Stop();
    }
}

/// <summary>Tests that measure real time run alone, after the others.</summary>
[CollectionDefinition(nameof(RealTimeCollection), DisableParallelization = true)]
public sealed class RealTimeCollection;
