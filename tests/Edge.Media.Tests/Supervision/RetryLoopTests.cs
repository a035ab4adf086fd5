using Edge.Media.Supervision;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Media.Tests.Supervision;

public sealed class RetryLoopTests
{
    private static readonly BackoffPolicy OneToEight = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8), stableAfter: TimeSpan.FromSeconds(30));
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void AReason_IsNewOnce_ThenARepeat_UntilAnotherReasonOrARecovery()
    {
        var retry = new RetryLoop(OneToEight, _time);

        var decisions = new[]
        {
            retry.Failed("no such device"),
            retry.Failed("no such device"),
            retry.Failed("permission denied"),
            retry.Failed("no such device"),
        };
        retry.Recovered();
        var afterRecovery = retry.Failed("no such device");

        Assert.Equal([true, false, true, true], decisions.Select(d => d.IsNewReason));
        Assert.Equal([1.0, 2, 4, 8], decisions.Select(d => d.Delay.TotalSeconds));
        Assert.True(afterRecovery.IsNewReason);
        Assert.Equal(TimeSpan.FromSeconds(8), afterRecovery.Delay); // recovering does not reset the delay: only a stable run does
    }

    [Fact]
    public void IsRetrying_FromAFailure_UntilRecovered()
    {
        var retry = new RetryLoop(OneToEight, _time);
        Assert.False(retry.IsRetrying);

        retry.Failed("refused");
        Assert.True(retry.IsRetrying);
        Assert.Equal("refused", retry.LastReason);

        retry.Recovered();
        Assert.False(retry.IsRetrying);
        Assert.Null(retry.LastReason);
    }

    [Fact]
    public void AStableRun_BringsTheShortestDelayBack()
    {
        var retry = new RetryLoop(OneToEight, _time);
        retry.Failed("a");
        retry.Failed("a");

        retry.RunStarted();
        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(TimeSpan.FromSeconds(1), retry.Failed("a").Delay);
    }

    [Fact]
    public async Task WaitAsync_WaitsOnTheInjectedClock_CallingTheHeartbeatEachSecond()
    {
        var retry = new RetryLoop(OneToEight, _time);
        var beats = 0;

        var waiting = retry.WaitAsync(TimeSpan.FromSeconds(3), CancellationToken.None, () => Interlocked.Increment(ref beats));
        for (var second = 1; second <= 3; second++)
        {
            // Each beat comes just before the loop waits out its next second on the fake clock.
            for (var poll = 0; poll < 500 && Volatile.Read(ref beats) < second; poll++)
                await Task.Delay(10);
            Assert.Equal(second, Volatile.Read(ref beats));
            Assert.False(waiting.IsCompleted);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(3, Volatile.Read(ref beats));
    }

    [Fact]
    public async Task WaitAsync_ReturnsFalse_WhenCancelled()
    {
        var retry = new RetryLoop(OneToEight, _time);
        using var stop = new CancellationTokenSource();

        var waiting = retry.WaitAsync(TimeSpan.FromMinutes(1), stop.Token);
        await stop.CancelAsync();

        Assert.False(await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
    }
}
