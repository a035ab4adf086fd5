using BenchmarkDotNet.Attributes;
using Edge.Benchmarks.Support;
using Edge.Media.Text;
using Edge.Video;
using Edge.Video.Overlay;

namespace Edge.Benchmarks.Encoders;

/// <summary>
/// Burning a camera's caption into one pooled I420 frame as the daemon does before each encode:
/// the template filled with the wall-clock time and the frame number, then drawn at the scale
/// chosen for the picture's height (3 at 720p, 4 at 1080p).
/// </summary>
[MemoryDiagnoser]
public class CaptionBenchmarks
{
    private FrameCaption? _caption;
    private VideoFramePool? _pool;
    private VideoFrame? _frame;
    private long _next;

    [Params("1920x1080", "1280x720")]
    public string Size { get; set; } = "1920x1080";

    [GlobalSetup]
    public void Setup()
    {
        var (width, height) = Sizes.Parse(Size);
        _caption = new FrameCaption(TextTemplate.Parse("{camera}  %Y-%m-%d %H:%M:%S  frame {frame}", "front-door"),
            new TextOverlay(width, height, OverlayPosition.BottomLeft), TimeProvider.System);
        _pool = new VideoFramePool(width, height, 1);
        _frame = _pool.Rent();
    }

    [Benchmark]
    public void Apply()
    {
        var frame = _frame!;
        frame.FrameNumber = _next++;
        _caption!.Apply(frame);
    }

    [GlobalCleanup]
    public void Cleanup() => _frame?.Dispose();
}
