using System.Diagnostics;

namespace Edge.Live;

/// <summary>
/// How long pictures took from capture to having been handed to a viewer's socket: count, mean
/// and maximum, kept per viewer and logged once when it leaves (never a line per frame).
/// </summary>
internal sealed class DeliveryLatency
{
    private long _count;
    private long _totalTicks;
    private long _maxTicks;

    public long Count => _count;

    public double MeanMilliseconds => _count == 0 ? 0 : _totalTicks * 1000.0 / Stopwatch.Frequency / _count;

    public double MaxMilliseconds => _maxTicks * 1000.0 / Stopwatch.Frequency;

    /// <summary>Records a picture captured at <paramref name="captureTimestamp"/> (<see cref="Stopwatch"/> ticks) delivered now.</summary>
    public void Add(long captureTimestamp)
    {
        var ticks = Math.Max(0, Stopwatch.GetTimestamp() - captureTimestamp);
        _count++;
        _totalTicks += ticks;
        _maxTicks = Math.Max(_maxTicks, ticks);
    }
}
