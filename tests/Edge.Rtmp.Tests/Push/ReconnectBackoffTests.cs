using Edge.Rtmp.Push;

namespace Edge.Rtmp.Tests.Push;

public sealed class ReconnectBackoffTests
{
    [Fact]
    public void WithoutJitter_DoublesFromOneSecondToTheCeiling()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), jitter: 0.2, random: () => 0.5);

        var delays = Enumerable.Range(0, 9).Select(_ => backoff.Next().TotalSeconds).ToArray();

        Assert.Equal([1.0, 2, 4, 8, 16, 32, 60, 60, 60], delays);
    }

    [Fact]
    public void Jitter_MovesEachDelayByAtMostItsFraction()
    {
        var low = new ReconnectBackoff(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60), jitter: 0.2, random: () => 0.0);
        var high = new ReconnectBackoff(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60), jitter: 0.2, random: () => 0.999_999);

        Assert.Equal(8.0, low.Next().TotalSeconds, precision: 3);
        Assert.Equal(12.0, high.Next().TotalSeconds, precision: 3);
    }

    [Fact]
    public void RealJitter_StaysInItsBand_AndVaries()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), jitter: 0.2);

        var delays = Enumerable.Range(0, 50).Select(_ => backoff.Next().TotalSeconds).ToArray();

        Assert.All(delays, d => Assert.InRange(d, 0.8, 1.2));
        Assert.True(delays.Distinct().Count() > 1);
    }

    [Fact]
    public void Reset_StartsAgainFromTheInitialDelay()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), jitter: 0, random: () => 0.5);
        backoff.Next();
        backoff.Next();
        backoff.Next();

        backoff.Reset();

        Assert.Equal(TimeSpan.FromSeconds(1), backoff.Next());
    }
}
