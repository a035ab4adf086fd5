namespace Edge.Gpio.Tests.Support;

/// <summary>Output lines that record every write with the clock's time.</summary>
internal sealed class FakeOutputLines(int count, TimeProvider time) : IGpioOutputLines
{
    private readonly Lock _lock = new();
    private readonly List<Write> _writes = [];
    private ulong _values;

    public readonly record struct Write(TimeSpan At, ulong Values, ulong Mask, ulong State, string? Thread);

    public int Count { get; } = count;

    public bool Disposed { get; private set; }

    /// <summary>Set to make every write fail as if the chip went away.</summary>
    public Exception? FailWith { get; set; }

    public int FailedWrites { get; private set; }

    public ulong State
    {
        get
        {
            lock (_lock)
                return _values;
        }
    }

    public IReadOnlyList<Write> Writes
    {
        get
        {
            lock (_lock)
                return [.. _writes];
        }
    }

    public void SetValues(ulong values, ulong mask)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(Disposed, this);
            if (FailWith is { } failure)
            {
                FailedWrites++;
                throw failure;
            }
            _values = (_values & ~mask) | (values & mask);
            _writes.Add(new Write(TimeSpan.FromTicks(time.GetTimestamp() * TimeSpan.TicksPerSecond / time.TimestampFrequency), values, mask, _values, Thread.CurrentThread.Name));
        }
    }

    public void Dispose()
    {
        lock (_lock)
            Disposed = true;
    }
}
