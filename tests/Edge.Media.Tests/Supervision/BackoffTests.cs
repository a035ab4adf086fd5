using Edge.Media.Supervision;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Media.Tests.Supervision;

public sealed class BackoffTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Cameras_DoubleFromOneSecond_UpToThirty_AndReset()
    {
        var backoff = new Backoff(new BackoffPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)), _time);

        var delays = Enumerable.Range(0, 7).Select(_ => backoff.Next().TotalSeconds).ToArray();
        backoff.Reset();

        Assert.Equal([1, 2, 4, 8, 16, 30, 30], delays);
        Assert.Equal(1, backoff.Next().TotalSeconds);
    }

    [Fact]
    public void JitterAtItsMiddle_DoublesFromOneSecondToTheCeiling()
    {
        var backoff = new Backoff(new BackoffPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), jitter: 0.2), _time, random: () => 0.5);

        var delays = Enumerable.Range(0, 9).Select(_ => backoff.Next().TotalSeconds).ToArray();

        Assert.Equal([1.0, 2, 4, 8, 16, 32, 60, 60, 60], delays);
    }

    [Fact]
    public void Jitter_MovesEachDelayByAtMostItsFraction()
    {
        var policy = new BackoffPolicy(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60), jitter: 0.2);
        var low = new Backoff(policy, _time, random: () => 0.0);
        var high = new Backoff(policy, _time, random: () => 0.999_999);

        Assert.Equal(8.0, low.Next().TotalSeconds, precision: 3);
        Assert.Equal(12.0, high.Next().TotalSeconds, precision: 3);
    }

    [Fact]
    public void RealJitter_StaysInItsBand_AndVaries()
    {
        var backoff = new Backoff(new BackoffPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), jitter: 0.2), _time);

        var delays = Enumerable.Range(0, 50).Select(_ => backoff.Next().TotalSeconds).ToArray();

        Assert.All(delays, d => Assert.InRange(d, 0.8, 1.2));
        Assert.True(delays.Distinct().Count() > 1);
    }

    [Fact]
    public void ARunThatLastedTheStablePeriod_StartsTheDelaysOver()
    {
        var backoff = new Backoff(new BackoffPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), stableAfter: TimeSpan.FromSeconds(30)), _time);
        backoff.Next();
        backoff.Next();
        backoff.Next(); // the next would be 8 s

        backoff.RunStarted();
        _time.Advance(TimeSpan.FromSeconds(29));
        var afterShortRun = backoff.Next();
        backoff.RunStarted();
        _time.Advance(TimeSpan.FromSeconds(30));
        var afterStableRun = backoff.Next();

        Assert.Equal(TimeSpan.FromSeconds(8), afterShortRun);
        Assert.Equal(TimeSpan.FromSeconds(1), afterStableRun);
    }

    [Fact]
    public void WithoutAStablePeriod_OnlyResetStartsOver()
    {
        var backoff = new Backoff(new BackoffPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60)), _time);
        backoff.Next();
        backoff.RunStarted();
        _time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(TimeSpan.FromSeconds(2), backoff.Next());
    }

    [Theory]
    [InlineData(0, 10, 0)] // no first delay
    [InlineData(10, 5, 0)] // ceiling below the first delay
    [InlineData(1, 10, 1.5)] // jitter above 100 %
    [InlineData(1, 10, -0.1)]
    public void AnUnusablePolicy_IsRefused(double initialSeconds, double maximumSeconds, double jitter)
    {
        Assert.ThrowsAny<ArgumentException>(() => new BackoffPolicy(TimeSpan.FromSeconds(initialSeconds), TimeSpan.FromSeconds(maximumSeconds), jitter));
    }
}
