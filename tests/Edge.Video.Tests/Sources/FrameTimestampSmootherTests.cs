using System.Diagnostics;
using Edge.Video.Sources;

namespace Edge.Video.Tests.Sources;

public sealed class FrameTimestampSmootherTests
{
    private static readonly long Ms = Stopwatch.Frequency / 1000;

    [Fact]
    public void JitteryArrivals_AreStampedEvenly()
    {
        var smoother = new FrameTimestampSmoother(25);
        var random = new Random(5);
        var stamps = new List<long>();
        for (var i = 0; i < 500; i++)
        {
            var arrival = 1_000 * Ms + i * 40 * Ms + random.Next(-20, 21) * Ms;
            stamps.Add(smoother.Next(arrival));
        }
        var gaps = stamps.Zip(stamps.Skip(1), (a, b) => (double)(b - a) / Ms).Skip(50).ToArray();
        Assert.All(gaps, gap => Assert.InRange(gap, 37.0, 43.0));
        Assert.Equal(0, smoother.Resyncs);
    }

    [Fact]
    public void ASlowerCamera_IsFollowed()
    {
        // Asked for 30 fps, the camera delivers 20 (exposure-limited): stamps follow the real rate.
        var smoother = new FrameTimestampSmoother(30);
        long last = 0;
        long arrival = 0;
        for (var i = 0; i < 600; i++)
        {
            arrival = i * 50 * Ms;
            last = smoother.Next(arrival);
        }
        Assert.InRange((double)Math.Abs(last - arrival) / Ms, 0, 100);
    }

    [Fact]
    public void APause_Resynchronises_AndStampsNeverGoBack()
    {
        var smoother = new FrameTimestampSmoother(25);
        var previous = long.MinValue;
        for (var i = 0; i < 100; i++)
        {
            var arrival = i * 40 * Ms + (i >= 50 ? 2_000 * Ms : 0);
            var stamp = smoother.Next(arrival);
            Assert.True(stamp > previous);
            previous = stamp;
        }
        Assert.Equal(1, smoother.Resyncs);
    }
}
