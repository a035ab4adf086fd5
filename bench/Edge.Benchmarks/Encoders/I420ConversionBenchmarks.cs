using BenchmarkDotNet.Attributes;
using Edge.Benchmarks.Support;
using Edge.Video;
using Edge.Video.Conversion;
using Edge.Video.Sources.V4l2;

namespace Edge.Benchmarks.Encoders;

/// <summary>
/// Converting one camera picture to I420 with <see cref="I420Converter"/>: packed YUYV (4:2:2, the
/// usual USB webcam format) and semi-planar NV12, at the device's tightest row pitch.
/// </summary>
[MemoryDiagnoser]
public class I420ConversionBenchmarks
{
    private byte[] _source = [];
    private int _bytesPerLine;
    private FourCC _format;
    private VideoFramePool? _pool;
    private VideoFrame? _frame;

    [Params("YUYV", "NV12")]
    public string Format { get; set; } = "YUYV";

    [Params("1280x720", "640x480")]
    public string Size { get; set; } = "1280x720";

    [GlobalSetup]
    public void Setup()
    {
        var (width, height) = Sizes.Parse(Size);
        _format = FourCC.Parse(Format);
        _bytesPerLine = I420Converter.MinimumBytesPerLine(_format, width);
        _source = new byte[I420Converter.RequiredBytes(_format, _bytesPerLine, height)];
        new Random(7).NextBytes(_source); // content does not change the work; random keeps it from looking flat
        _pool = new VideoFramePool(width, height, 1);
        _frame = _pool.Rent();
    }

    [Benchmark]
    public void ToI420() => I420Converter.ToI420(_format, _source, _bytesPerLine, _frame!);

    [GlobalCleanup]
    public void Cleanup() => _frame?.Dispose();
}
