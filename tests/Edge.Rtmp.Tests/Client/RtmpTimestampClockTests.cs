using Edge.Rtmp.Client;

namespace Edge.Rtmp.Tests.Client;

/// <summary>90 kHz presentation times to RTMP milliseconds.</summary>
public sealed class RtmpTimestampClockTests
{
    [Fact]
    public void FirstUnit_IsZero_AndLaterOnesCountMillisecondsFromIt()
    {
        var clock = new RtmpTimestampClock();

        Assert.Equal(0, clock.ToMilliseconds(123_456_789));
        Assert.Equal(40, clock.ToMilliseconds(123_456_789 + 3600)); // 25 fps
        Assert.Equal(1000, clock.ToMilliseconds(123_456_789 + 90_000));
    }

    [Fact]
    public void FractionalMilliseconds_RoundDown()
    {
        var clock = new RtmpTimestampClock();
        clock.ToMilliseconds(0);

        Assert.Equal(33, clock.ToMilliseconds(3000)); // 30 fps: 33.33 ms
        Assert.Equal(66, clock.ToMilliseconds(6000));
        Assert.Equal(100, clock.ToMilliseconds(9000));
    }

    [Fact]
    public void AUnitTimedBeforeItsPredecessor_KeepsThePredecessorsTimestamp()
    {
        var clock = new RtmpTimestampClock();
        clock.ToMilliseconds(90_000);
        clock.ToMilliseconds(180_000);

        Assert.Equal(1000, clock.ToMilliseconds(100_000)); // the camera's clock stepped back
        Assert.Equal(1000, clock.ToMilliseconds(-5_000_000));
        Assert.Equal(1100, clock.ToMilliseconds(189_000));
    }

    [Fact]
    public void TimestampsPast2Pow32Milliseconds_WrapAsRtmpTimestampsDo()
    {
        Assert.Equal(5u, RtmpTimestampClock.ToRtmp((1L << 32) + 5));
        Assert.Equal(0xFFFFFFFFu, RtmpTimestampClock.ToRtmp(0xFFFFFFFFL));
    }
}
