namespace Edge.Media.Tests.Support;

/// <summary>A clock that moves only when the test says so. Timers are not supported.</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private static readonly DateTimeOffset Epoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // Start well away from zero so that "no timestamp yet" sentinels and subtraction are exercised.
    private long _ticks = TimeSpan.FromHours(1).Ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override DateTimeOffset GetUtcNow() => Epoch.AddTicks(Interlocked.Read(ref _ticks));

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        throw new NotSupportedException("ManualTimeProvider has no timers; use TimeProvider.System for timeout tests.");

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
