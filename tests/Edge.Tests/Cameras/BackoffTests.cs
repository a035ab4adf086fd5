using Edge.Cameras;

namespace Edge.Tests.Cameras;

public sealed class BackoffTests
{
    [Fact]
    public void Doubles_FromOneSecond_UpToThirty_AndResets()
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

        var delays = Enumerable.Range(0, 7).Select(_ => backoff.Next().TotalSeconds).ToArray();
        backoff.Reset();

        Assert.Equal([1, 2, 4, 8, 16, 30, 30], delays);
        Assert.Equal(1, backoff.Next().TotalSeconds);
    }
}
