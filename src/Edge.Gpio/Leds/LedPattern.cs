namespace Edge.Gpio.Leds;

/// <summary>
/// What an LED does over time: constantly off, constantly on, or a cyclic timeline of on/off
/// segments that starts with "on" when the pattern begins.
/// </summary>
/// <remarks>
/// The patterns Edge uses, with their periods:
/// <list type="table">
/// <item><term><see cref="Off"/></term><description>off</description></item>
/// <item><term><see cref="On"/></term><description>on (solid)</description></item>
/// <item><term><see cref="SlowBlink"/></term><description>1 s on, 1 s off (period 2 s)</description></item>
/// <item><term><see cref="Blink"/></term><description>500 ms on, 500 ms off (period 1 s)</description></item>
/// <item><term><see cref="FastBlink"/></term><description>100 ms on, 100 ms off (period 200 ms)</description></item>
/// <item><term><see cref="DoubleBlink"/></term><description>2 × (150 ms on, 150 ms off), then 1 s off (period 1.6 s)</description></item>
/// </list>
/// Patterns are compared by reference: the controller restarts an LED's timeline only when its
/// pattern changes.
/// </remarks>
public sealed class LedPattern
{
    private readonly TimeSpan[] _segments;
    private readonly bool _constant;

    private LedPattern(string name, bool constant, TimeSpan[] segments)
    {
        Name = name;
        _constant = constant;
        _segments = segments;
        foreach (var segment in segments)
            Period += segment;
    }

    /// <summary>Dark.</summary>
    public static LedPattern Off { get; } = new("off", false, []);

    /// <summary>Solid.</summary>
    public static LedPattern On { get; } = new("on", true, []);

    /// <summary>1 s on, 1 s off: starting up.</summary>
    public static LedPattern SlowBlink { get; } = Cycle("slow-blink", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

    /// <summary>500 ms on, 500 ms off: a push is connecting or waiting to retry.</summary>
    public static LedPattern Blink { get; } = Cycle("blink", TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(500));

    /// <summary>100 ms on, 100 ms off: a config or fatal error.</summary>
    public static LedPattern FastBlink { get; } = Cycle("fast-blink", TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));

    /// <summary>2 × (150 ms on, 150 ms off), then 1 s off: a camera failed.</summary>
    public static LedPattern DoubleBlink { get; } = Cycle(
        "double-blink",
        TimeSpan.FromMilliseconds(150), TimeSpan.FromMilliseconds(150),
        TimeSpan.FromMilliseconds(150), TimeSpan.FromMilliseconds(150) + TimeSpan.FromSeconds(1));

    /// <summary>A short name for logs: "slow-blink".</summary>
    public string Name { get; }

    /// <summary>One cycle's length; zero for a constant pattern.</summary>
    public TimeSpan Period { get; }

    /// <summary>True when the pattern never changes (off or on).</summary>
    public bool IsConstant => _segments.Length == 0;

    /// <summary>
    /// A cyclic pattern: <paramref name="onOff"/> alternates on and off durations, starting
    /// with on; an even number of positive durations.
    /// </summary>
    public static LedPattern Cycle(string name, params TimeSpan[] onOff)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(onOff);
        if (onOff.Length == 0 || onOff.Length % 2 != 0)
            throw new ArgumentException("A cycle needs on/off pairs.", nameof(onOff));
        foreach (var segment in onOff)
        {
            if (segment <= TimeSpan.Zero)
                throw new ArgumentOutOfRangeException(nameof(onOff), segment, "Every segment must be longer than zero.");
        }
        return new LedPattern(name, false, (TimeSpan[])onOff.Clone());
    }

    /// <summary>Whether the LED is lit <paramref name="elapsed"/> after the pattern began.</summary>
    public bool IsOnAt(TimeSpan elapsed)
    {
        if (IsConstant)
            return _constant;
        var position = PositionInCycle(elapsed);
        var start = TimeSpan.Zero;
        for (var i = 0; i < _segments.Length; i++)
        {
            start += _segments[i];
            if (position < start)
                return i % 2 == 0;
        }
        return false;
    }

    /// <summary>
    /// When, counted from the start of the pattern, the LED next changes after
    /// <paramref name="elapsed"/>; null for a constant pattern.
    /// </summary>
    public TimeSpan? NextChangeAfter(TimeSpan elapsed)
    {
        if (IsConstant)
            return null;
        if (elapsed < TimeSpan.Zero)
            return TimeSpan.Zero;
        var position = PositionInCycle(elapsed);
        var cycleStart = elapsed - position;
        var end = TimeSpan.Zero;
        foreach (var segment in _segments)
        {
            end += segment;
            if (end > position)
                return cycleStart + end;
        }
        return cycleStart + Period;
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    private TimeSpan PositionInCycle(TimeSpan elapsed) =>
        elapsed <= TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromTicks(elapsed.Ticks % Period.Ticks);
}
