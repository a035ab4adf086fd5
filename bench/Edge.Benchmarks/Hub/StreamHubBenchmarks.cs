using BenchmarkDotNet.Attributes;
using Edge.Benchmarks.Support;
using Edge.Media;
using Edge.Media.Streaming;

namespace Edge.Benchmarks.Hub;

/// <summary>
/// <see cref="StreamHub.Publish"/> of a 720p stream (IDR about 100 KB, P 10 to 30 KB) to live
/// readers that take each unit at once, with and without readers that never read. One operation
/// is one published frame: it includes every live reader's <c>TryRead</c> and <c>Release</c>, so
/// frames/s is what one producer thread sustains with that many readers keeping up.
/// </summary>
/// <remarks>
/// Readers drain on the producer's thread, so the figure is the hub's own cost, free of thread
/// hand-offs; what a reader waiting on <c>ReadAsync</c> adds is measured end to end by the
/// hub-to-wire part. A stalled reader's queue (120 units) fills in the warm-up, after which the
/// hub drops every unit for it and skips it to the next IDR, as it does for a client that stopped
/// reading. The same GOP is published again and again: <see cref="AccessUnit.Retain"/> before each
/// publish stands in for the encoder's new unit, so no copy is timed.
/// </remarks>
[MemoryDiagnoser]
public class StreamHubBenchmarks
{
    private AccessUnit[] _gop = [];
    private StreamHub? _hub;
    private StreamSubscriber[] _live = [];
    private StreamSubscriber[] _stalled = [];

    /// <summary>Readers that take every unit as it comes.</summary>
    [Params(1, 10, 50)]
    public int Readers { get; set; }

    /// <summary>Readers that never read (a client that stopped reading, before its write times out).</summary>
    [Params(0, 5)]
    public int StalledReaders { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _gop = SyntheticGop.CreateUnits();
        _hub = new StreamHub("bench");
        _live = new StreamSubscriber[Readers];
        for (var i = 0; i < Readers; i++)
            _live[i] = _hub.Subscribe($"live {i}");
        _stalled = new StreamSubscriber[StalledReaders];
        for (var i = 0; i < StalledReaders; i++)
            _stalled[i] = _hub.Subscribe($"stalled {i}");

        // Three GOPs: every reader has joined, the stalled queues are full, the pools are warm.
        for (var i = 0; i < 3; i++)
            PublishGop();
    }

    [Benchmark(OperationsPerInvoke = SyntheticGop.Length)]
    public void Publish() => PublishGop();

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var reader in _live.Concat(_stalled))
            reader.Dispose();
        _hub?.Dispose();
        foreach (var unit in _gop)
            unit.Release();
    }

    private void PublishGop()
    {
        var hub = _hub!;
        var live = _live;
        foreach (var unit in _gop)
        {
            hub.Publish(unit.Retain());
            foreach (var reader in live)
            {
                while (reader.TryRead(out var received))
                    received.Release();
            }
        }
    }
}
