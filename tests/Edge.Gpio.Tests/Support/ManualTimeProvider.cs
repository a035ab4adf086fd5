namespace Edge.Gpio.Tests.Support;

/// <summary>A clock that moves only when the test says so. No timers: the code under test is ticked directly.</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // Well away from zero, so code that subtracts timestamps is exercised.
    private long _ticks = TimeSpan.FromHours(3).Ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override DateTimeOffset GetUtcNow() => Epoch.AddTicks(Interlocked.Read(ref _ticks));

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        throw new NotSupportedException("ManualTimeProvider has no timers.");

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
