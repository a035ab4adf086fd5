using Edge.Media.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Media.Tests.Diagnostics;

public sealed class LogThrottleTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public void OneLinePerKeyPerInterval()
    {
        var time = new FakeTimeProvider();
        var throttle = new LogThrottle(Minute, time);

        Assert.True(throttle.ShouldLog("192.0.2.7"));
        Assert.False(throttle.ShouldLog("192.0.2.7"));
        Assert.True(throttle.ShouldLog("192.0.2.8")); // another client is not held back by the first
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.False(throttle.ShouldLog("192.0.2.7"));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(throttle.ShouldLog("192.0.2.7"));
        Assert.False(throttle.ShouldLog("192.0.2.7"));
    }

    [Fact]
    public void AScanFromManyAddresses_StaysWithinTheKeyLimit_AndOldKeysAreForgotten()
    {
        var time = new FakeTimeProvider();
        var throttle = new LogThrottle(Minute, time, maxKeys: 100);

        var logged = 0;
        for (var i = 0; i < 10_000; i++)
        {
            if (throttle.ShouldLog($"198.51.{i / 256}.{i % 256}"))
                logged++;
            Assert.InRange(throttle.Count, 0, 100);
        }
        Assert.Equal(100, logged); // within one minute: the first hundred addresses, then quiet

        time.Advance(Minute);
        Assert.True(throttle.ShouldLog("203.0.113.1")); // the expired hundred make room
        Assert.Equal(1, throttle.Count);
    }

    [Fact]
    public void ASteadyTrickleOfNewAddresses_KeepsBeingLogged()
    {
        var time = new FakeTimeProvider();
        var throttle = new LogThrottle(Minute, time, maxKeys: 10);

        // One new address every 10 s for a day: never more than 6 remembered, every one logged.
        for (var i = 0; i < 8640; i++)
        {
            Assert.True(throttle.ShouldLog($"addr-{i}"));
            time.Advance(TimeSpan.FromSeconds(10));
        }
        Assert.InRange(throttle.Count, 1, 10);
    }

    [Fact]
    public async Task IsSafeFromManyThreads()
    {
        var throttle = new LogThrottle(Minute, TimeProvider.System, maxKeys: 64);
        var logged = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                if (throttle.ShouldLog($"k{i % 32}"))
                    Interlocked.Increment(ref logged);
            }
        })));
        Assert.Equal(32, logged);
    }
}
