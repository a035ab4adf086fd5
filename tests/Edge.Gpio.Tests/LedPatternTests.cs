using Edge.Gpio.Leds;

namespace Edge.Gpio.Tests;

public sealed class LedPatternTests
{
    private static TimeSpan Ms(double milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    /// <summary>The times within [0, until) at which the pattern changes, sampled every millisecond.</summary>
    private static List<(double At, bool On)> Timeline(LedPattern pattern, double until)
    {
        var changes = new List<(double, bool)> { (0, pattern.IsOnAt(TimeSpan.Zero)) };
        var last = pattern.IsOnAt(TimeSpan.Zero);
        for (var t = 1; t < until; t++)
        {
            var on = pattern.IsOnAt(Ms(t));
            if (on != last)
                changes.Add((t, on));
            last = on;
        }
        return changes;
    }

    [Fact]
    public void Constants_NeverChange()
    {
        Assert.False(LedPattern.Off.IsOnAt(Ms(0)));
        Assert.False(LedPattern.Off.IsOnAt(TimeSpan.FromHours(5)));
        Assert.True(LedPattern.On.IsOnAt(Ms(0)));
        Assert.True(LedPattern.On.IsOnAt(TimeSpan.FromDays(3)));
        Assert.Null(LedPattern.On.NextChangeAfter(Ms(10)));
        Assert.Null(LedPattern.Off.NextChangeAfter(Ms(10)));
        Assert.True(LedPattern.On.IsConstant);
    }

    [Fact]
    public void SlowBlink_IsOneSecondOnOneSecondOff()
    {
        Assert.Equal(TimeSpan.FromSeconds(2), LedPattern.SlowBlink.Period);
        Assert.Equal([(0, true), (1000, false), (2000, true), (3000, false), (4000, true), (5000, false)], Timeline(LedPattern.SlowBlink, 6000));
    }

    [Fact]
    public void Blink_IsHalfASecondEach()
    {
        Assert.Equal([(0, true), (500, false), (1000, true), (1500, false)], Timeline(LedPattern.Blink, 2000));
    }

    [Fact]
    public void FastBlink_Is100On100Off()
    {
        Assert.Equal([(0, true), (100, false), (200, true), (300, false), (400, true), (500, false)], Timeline(LedPattern.FastBlink, 600));
    }

    [Fact]
    public void DoubleBlink_IsTwoFlashesThenOneSecondDark()
    {
        Assert.Equal(Ms(1600), LedPattern.DoubleBlink.Period);
        Assert.Equal(
            [(0, true), (150, false), (300, true), (450, false), (1600, true), (1750, false), (1900, true), (2050, false)],
            Timeline(LedPattern.DoubleBlink, 3000));
    }

    [Theory]
    [InlineData(0, 150)]
    [InlineData(149, 150)]
    [InlineData(150, 300)]
    [InlineData(449, 450)]
    [InlineData(450, 1600)]
    [InlineData(1599, 1600)]
    [InlineData(1600, 1750)]
    [InlineData(3200 + 460, 3200 + 1600)]
    public void NextChangeAfter_IsTheNextEdge(double at, double expected)
    {
        Assert.Equal(Ms(expected), LedPattern.DoubleBlink.NextChangeAfter(Ms(at)));
    }

    [Fact]
    public void NextChangeAfter_AgreesWithIsOnAt()
    {
        foreach (var pattern in new[] { LedPattern.SlowBlink, LedPattern.Blink, LedPattern.FastBlink, LedPattern.DoubleBlink })
        {
            for (var t = TimeSpan.Zero; t < TimeSpan.FromSeconds(5); t += Ms(7))
            {
                var next = pattern.NextChangeAfter(t)!.Value;
                Assert.True(next > t);
                Assert.Equal(pattern.IsOnAt(t), pattern.IsOnAt(next - TimeSpan.FromTicks(1)));
                Assert.NotEqual(pattern.IsOnAt(t), pattern.IsOnAt(next));
            }
        }
    }

    [Fact]
    public void Cycle_RejectsNonsense()
    {
        Assert.Throws<ArgumentException>(() => LedPattern.Cycle("odd", Ms(100)));
        Assert.Throws<ArgumentException>(() => LedPattern.Cycle("none"));
        Assert.Throws<ArgumentOutOfRangeException>(() => LedPattern.Cycle("zero", Ms(100), TimeSpan.Zero));
    }

    [Fact]
    public void NegativeElapsed_IsTheStart()
    {
        Assert.True(LedPattern.FastBlink.IsOnAt(Ms(-5)));
        Assert.Equal(TimeSpan.Zero, LedPattern.FastBlink.NextChangeAfter(Ms(-5)));
    }
}
