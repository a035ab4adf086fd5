using BenchmarkDotNet.Attributes;
using Edge.Benchmarks.Support;
using Edge.Media;
using Edge.Video;
using Edge.Video.Encoders;
using Edge.Video.Encoders.Ffmpeg;
using Edge.Video.Sources.TestPattern;

namespace Edge.Benchmarks.Encoders;

/// <summary>
/// One frame through <see cref="FfmpegVideoEncoder"/> with libx264 as the daemon configures it by
/// default (ultrafast, zerolatency, main profile, 2500 kbit/s, an IDR every 2 s at 30 fps, threads
/// chosen by libx264): the copy into the AVFrame, the encode, and packaging the output into an
/// <see cref="AccessUnit"/>. The frames are test-pattern pictures drawn beforehand, so drawing is
/// not timed; their moving parts keep the encoder honest.
/// </summary>
[MemoryDiagnoser]
public class FfmpegEncoderBenchmarks
{
    private const int DistinctFrames = 30;

    private readonly Action<AccessUnit> _output;
    private VideoFramePool? _pool;
    private VideoFrame[] _frames = [];
    private FfmpegVideoEncoder? _encoder;
    private long _next;
    private long _bytesOut;

    public FfmpegEncoderBenchmarks()
    {
        _output = unit =>
        {
            _bytesOut += unit.Length;
            unit.Release();
        };
    }

    [Params("1280x720", "640x480")]
    public string Size { get; set; } = "1280x720";

    [GlobalSetup]
    public void Setup()
    {
        var (width, height) = Sizes.Parse(Size);
        _pool = new VideoFramePool(width, height, DistinctFrames);
        var generator = new TestPatternGenerator(width, height);
        _frames = new VideoFrame[DistinctFrames];
        for (var i = 0; i < DistinctFrames; i++)
        {
            var frame = _pool.Rent();
            frame.FrameNumber = i;
            generator.Render(frame);
            _frames[i] = frame;
        }

        var settings = new VideoEncoderSettings { Width = width, Height = height, FramesPerSecond = 30 };
        _encoder = FfmpegVideoEncoder.Open(settings, _output, new FfmpegEncoderOptions { Preference = ["libx264"] });
        Console.WriteLine($"// encoder: {_encoder}, {Size}, {settings.BitrateKbps} kbit/s, GOP {settings.GopLength}");

        // A full GOP first: the encoder's lookahead-free state and the unit pool settle.
        for (var i = 0; i < settings.GopLength; i++)
            Encode();
    }

    [Benchmark]
    public void Encode()
    {
        var frame = _frames[_next % DistinctFrames];
        frame.FrameNumber = _next;
        _next++;
        _encoder!.Encode(frame);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_encoder is not null && _next > 0)
            Console.WriteLine($"// {Size}: {_encoder.FramesEncoded} frames in, {_encoder.AccessUnitsProduced} units out, {_bytesOut / Math.Max(1, _encoder.AccessUnitsProduced) / 1024.0:0.0} KiB per unit on average");
        _encoder?.Dispose();
        foreach (var frame in _frames)
            frame.Dispose();
    }
}
