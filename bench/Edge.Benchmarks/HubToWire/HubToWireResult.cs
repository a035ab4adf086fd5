using System.Globalization;

namespace Edge.Benchmarks.HubToWire;

/// <summary>One case of the hub-to-wire measurement: its latencies (ms), losses and allocations.</summary>
public sealed record HubToWireResult(
    string Transport,
    int Clients,
    IReadOnlyList<double> Latencies,
    long Missing,
    double AllocatedBytesPerFrame,
    int Gen0Collections,
    IReadOnlyList<(string Type, int Ticks, double Share)> AllocationTicks,
    IReadOnlyList<string> Problems)
{
    /// <summary>The nearest-rank percentile <paramref name="p"/> (0 … 1) of the latencies; NaN when there are none.</summary>
    public double Percentile(double p)
    {
        if (Latencies.Count == 0)
            return double.NaN;
        var sorted = Latencies.Order().ToArray();
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public string ToTableRow() => string.Create(CultureInfo.InvariantCulture,
        $"| {Transport} | {Clients} | {Latencies.Count} | {Percentile(0.50):0.000} ms | {Percentile(0.99):0.000} ms | {Percentile(1):0.000} ms | {Missing} | {AllocatedBytesPerFrame:0} B | {Gen0Collections} |");
}
