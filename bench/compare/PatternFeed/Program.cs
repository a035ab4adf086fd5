using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Edge.Video;
using Edge.Video.Sources.TestPattern;

// pattern-feed WIDTH HEIGHT FPS: raw I420 test-pattern frames on standard output, paced at FPS,
// until standard output closes or SIGTERM. A summary goes to standard error at the end.
if (args.Length != 3
    || !int.TryParse(args[0], CultureInfo.InvariantCulture, out var width)
    || !int.TryParse(args[1], CultureInfo.InvariantCulture, out var height)
    || !int.TryParse(args[2], CultureInfo.InvariantCulture, out var fps))
{
    Console.Error.WriteLine("usage: PatternFeed WIDTH HEIGHT FPS  (raw I420 frames to standard output)");
    return 2;
}

using var stop = new CancellationTokenSource();
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

// A FileStream on descriptor 1 rather than Console.OpenStandardOutput(), which ignores EPIPE:
// the feed must notice when its server has gone.
using var output = new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);
var feed = new FrameWriter(output, width, height, stop);
var source = new TestPatternSource(width, height, fps);
try
{
    await source.RunAsync(feed.Write, stop.Token);
}
catch (OperationCanceledException)
{
}

Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"pattern-feed: frames {feed.Written}, skipped {source.FramesSkipped}, dropped {source.FramesDropped}; capture to written ms p50 {feed.HandoffPercentile(0.50):F2} p95 {feed.HandoffPercentile(0.95):F2} p99 {feed.HandoffPercentile(0.99):F2}"));
return 0;

/// <summary>
/// Packs each frame's planes (which may be padded to a stride) into one I420 picture and writes it,
/// recording how long after its capture time the write returned: the part of GStreamer's latency
/// that is the pipe between this process and its server, which Edge (drawing in-process) does not have.
/// </summary>
internal sealed class FrameWriter(Stream output, int width, int height, CancellationTokenSource stop)
{
    private const int MaxSamples = 1 << 16; // about 36 minutes at 30 fps; later frames overwrite the oldest
    private readonly byte[] _picture = new byte[width * height * 3 / 2];
    private readonly long[] _handoffTicks = new long[MaxSamples];

    public long Written { get; private set; }

    public void Write(VideoFrame frame)
    {
        try
        {
            if (stop.IsCancellationRequested)
                return;
            var at = 0;
            for (var plane = 0; plane < 3; plane++)
            {
                var planeWidth = plane == 0 ? width : width / 2;
                var planeHeight = plane == 0 ? height : height / 2;
                var stride = frame.GetStride(plane);
                var source = frame.GetPlane(plane);
                for (var y = 0; y < planeHeight; y++)
                {
                    source.Slice(y * stride, planeWidth).CopyTo(_picture.AsSpan(at, planeWidth));
                    at += planeWidth;
                }
            }

            var capture = frame.CaptureTimestamp;
            output.Write(_picture);
            _handoffTicks[Written % MaxSamples] = Stopwatch.GetTimestamp() - capture;
            Written++;
        }
        catch (IOException)
        {
            // The server closed the pipe: it has stopped, so do we.
            stop.Cancel();
        }
        finally
        {
            frame.Dispose();
        }
    }

    public double HandoffPercentile(double fraction)
    {
        var count = (int)Math.Min(Written, MaxSamples);
        if (count == 0)
            return double.NaN;
        var sorted = _handoffTicks[..count];
        Array.Sort(sorted);
        return sorted[(int)Math.Min(count - 1, Math.Round(fraction * (count - 1)))] * 1000.0 / Stopwatch.Frequency;
    }
}
