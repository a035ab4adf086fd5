namespace Edge.Gpio.Tests.Support;

/// <summary>
/// An edge source fed by the test. A wait with nothing queued moves the manual clock by the
/// whole timeout, as a real wait would.
/// </summary>
internal sealed class FakeEdgeSource(ManualTimeProvider time, bool initialValue = false) : IGpioEdgeSource
{
    private readonly Queue<GpioEdgeEvent> _queue = new();
    private uint _sequence;

    public bool Disposed { get; private set; }

    public Exception? FailWith { get; set; }

    public int Waits { get; private set; }

    public List<TimeSpan> Timeouts { get; } = [];

    public bool ReadValue() => initialValue;

    /// <summary>Queues an edge with a kernel timestamp in nanoseconds.</summary>
    public void Edge(bool pressed, ulong timestampNanoseconds) =>
        _queue.Enqueue(new GpioEdgeEvent(pressed ? GpioEdge.Rising : GpioEdge.Falling, 22, timestampNanoseconds, ++_sequence));

    public int WaitForEdges(Span<GpioEdgeEvent> events, TimeSpan timeout)
    {
        Waits++;
        Timeouts.Add(timeout);
        if (FailWith is { } failure)
            throw failure;
        if (_queue.Count == 0)
        {
            time.Advance(timeout);
            return 0;
        }
        var count = 0;
        while (count < events.Length && _queue.TryDequeue(out var next))
            events[count++] = next;
        return count;
    }

    public void Dispose() => Disposed = true;
}
