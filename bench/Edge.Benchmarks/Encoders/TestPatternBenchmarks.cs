using BenchmarkDotNet.Attributes;
using Edge.Benchmarks.Support;
using Edge.Video;
using Edge.Video.Sources.TestPattern;

namespace Edge.Benchmarks.Encoders;

/// <summary>Drawing one test-pattern picture (bars, scrolling gradient, bouncing box, burned-in stamp) into a pooled I420 frame.</summary>
[MemoryDiagnoser]
public class TestPatternBenchmarks
{
    private TestPatternGenerator? _generator;
    private VideoFramePool? _pool;
    private VideoFrame? _frame;
    private long _next;

    [Params("1280x720", "640x480")]
    public string Size { get; set; } = "1280x720";

    [GlobalSetup]
    public void Setup()
    {
        var (width, height) = Sizes.Parse(Size);
        _generator = new TestPatternGenerator(width, height);
        _pool = new VideoFramePool(width, height, 1);
        _frame = _pool.Rent();
    }

    [Benchmark]
    public void Render()
    {
        var frame = _frame!;
        frame.FrameNumber = _next++;
        _generator!.Render(frame);
    }

    [GlobalCleanup]
    public void Cleanup() => _frame?.Dispose();
}
