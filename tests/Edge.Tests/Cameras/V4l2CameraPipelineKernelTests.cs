using Edge.Cameras;
using Edge.Config;
using Edge.Media.Streaming;
using Edge.Video.Encoders.V4l2M2m;
using Microsoft.Extensions.Logging;

namespace Edge.Tests.Cameras;

/// <summary>
/// The daemon's V4L2 pipeline choosing between the zero-copy path and the copy path, against the
/// kernel's vivid (camera) and vicodec (an M2M encoder of FWHT) inside the emulated board
/// (tests/EmulatedBoard/scenarios/v4l2-dmabuf.sh sets the devices). Skipped elsewhere.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class V4l2CameraPipelineKernelTests
{
    private static string Capture => Environment.GetEnvironmentVariable("EDGE_V4L2_CAPTURE") ?? "";

    private static string Encoder => Environment.GetEnvironmentVariable("EDGE_V4L2_ENCODER") ?? "";

    [BoardFact]
    public async Task A_camera_the_encoder_can_read_in_place_streams_zero_copy()
    {
        var logs = new LogLines();
        var (pipeline, hub) = Pipeline(CapturePixelFormat.Yuyv, EncoderKind.V4l2m2m, logs);
        using (hub)
        {
            var units = await RunUntil(pipeline, 20);
            Report($"pipeline: {pipeline.Description}: {units} units; {logs.Find("zero-copy:")}");
            Assert.Equal(20, units);
            Assert.Contains($"camera vivid: zero-copy: camera YUYV 640x360 buffers imported by the encoder {Encoder} (DMABUF)", logs.Lines);
            Assert.EndsWith(", zero-copy", pipeline.Description, StringComparison.Ordinal);
            Assert.Equal(20, hub.FramesPublished);
        }
    }

    [BoardFact]
    public async Task A_layout_the_encoder_cannot_import_goes_to_the_copy_path_and_says_why()
    {
        // vicodec pads 640x360 4:2:0 pictures to 640x368: no zero-copy. The copy path then opens
        // the encoder the ordinary way, for H.264, which vicodec does not have: that failure is
        // the copy path's, reached after the logged choice.
        var logs = new LogLines();
        var (pipeline, hub) = Pipeline(CapturePixelFormat.Nv12, EncoderKind.V4l2m2m, logs);
        using (hub)
        {
            var error = await Assert.ThrowsAsync<V4l2EncoderException>(() => RunUntil(pipeline, 1));
            var choice = logs.Find("copy:");
            Report($"pipeline fallback: {choice}; then {error.Message}");
            Assert.Equal($"camera vivid: copy: {Encoder} lays out NV12 640x360 as 640x368 with 640 bytes per line, the camera's buffers have 640x360 with 640", choice);
            Assert.Contains("does not encode H264", error.Message, StringComparison.Ordinal);
        }
    }

    [BoardFact]
    public async Task A_libavcodec_encoder_is_fed_by_the_copy_path()
    {
        var logs = new LogLines();
        var (pipeline, hub) = Pipeline(CapturePixelFormat.Yuyv, EncoderKind.Ffmpeg, logs);
        using (hub)
        {
            var units = await RunUntil(pipeline, 3);
            Report($"pipeline: {pipeline.Description}: {units} units; {logs.Find("copy:")}");
            Assert.Contains("camera vivid: copy: the encoder is libavcodec (encoder.kind = \"ffmpeg\"), which reads frames from memory", logs.Lines);
            Assert.DoesNotContain(logs.Lines, l => l.Contains("zero-copy:", StringComparison.Ordinal));
        }
    }

    private static (V4l2CameraPipeline Pipeline, StreamHub Hub) Pipeline(CapturePixelFormat format, EncoderKind kind, LogLines logs)
    {
        var camera = new CameraConfig
        {
            Name = "vivid", Source = CameraSourceKind.V4l2, Device = Capture, Width = 640, Height = 360, Fps = 30, Format = format,
            Encoder = new EncoderConfig { Kind = kind, Device = Encoder, Codecs = ["libx264"], BitrateKbps = 500 },
        };
        var hub = new StreamHub("vivid");
        return (new V4l2CameraPipeline(camera, hub, logs, logs.CreateLogger("Edge.Camera")) { ZeroCopyCodedFormat = "FWHT" }, hub);
    }

    // Runs the pipeline until it has published `units` access units (bounded by a minute).
    private static async Task<int> RunUntil(V4l2CameraPipeline pipeline, int units)
    {
        var published = 0;
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await pipeline.RunAsync(() => { }, () =>
        {
            if (Interlocked.Increment(ref published) == units)
                cancel.Cancel();
        }, cancel.Token);
        return published;
    }

    private static void Report(string line)
    {
        var file = Environment.GetEnvironmentVariable("EDGE_V4L2_REPORT");
        if (!string.IsNullOrEmpty(file))
            File.AppendAllText(file, line + "\n");
    }

    /// <summary>Runs only inside the emulated board, where the scenario names vivid's and vicodec's nodes.</summary>
    private sealed class BoardFactAttribute : FactAttribute
    {
        public BoardFactAttribute()
        {
            if (string.IsNullOrEmpty(Capture) || string.IsNullOrEmpty(Encoder))
                Skip = "needs vivid and vicodec: EDGE_V4L2_CAPTURE and EDGE_V4L2_ENCODER are set by tests/EmulatedBoard/scenarios/v4l2-dmabuf.sh";
        }
    }

    /// <summary>Every log line of every category, formatted, for tests that check what was said.</summary>
    private sealed class LogLines : ILoggerFactory, ILogger
    {
        private readonly List<string> _lines = [];

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lines)
                    return [.. _lines];
            }
        }

        public string Find(string text) => Lines.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)) ?? $"(no line with \"{text}\")";

        public ILogger CreateLogger(string categoryName) => this;

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_lines)
                _lines.Add(formatter(state, exception));
        }
    }
}
