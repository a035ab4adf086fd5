using Edge.Media;
using Edge.Media.Streaming;
using Edge.Video.Encoders;
using Edge.Video.Encoders.Ffmpeg;
using Edge.Video.Sources.TestPattern;

namespace Edge.Rtmp.Tests.Support;

/// <summary>
/// A camera for the push tests, wired as the daemon wires one: the test pattern through libx264
/// (zero latency, no B-frames) into a <see cref="StreamHub"/>, with keyframes on request.
/// </summary>
internal sealed class TestPatternCamera : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly FfmpegVideoEncoder _encoder;
    private readonly Task _source;

    private TestPatternCamera(StreamHub hub, FfmpegVideoEncoder encoder, TestPatternSource source)
    {
        Hub = hub;
        _encoder = encoder;
        Source = source;
        hub.CanForceKeyframes = encoder.CanForceKeyframes;
        hub.KeyframeRequested += (_, _) => encoder.RequestKeyframe();
        _source = source.RunAsync(frame =>
        {
            using (frame)
                encoder.Encode(frame);
        }, _stop.Token);
    }

    public StreamHub Hub { get; }

    public TestPatternSource Source { get; }

    /// <param name="width">Picture width.</param>
    /// <param name="height">Picture height.</param>
    /// <param name="fps">Frame rate.</param>
    /// <param name="bitrateKbps">libx264 bitrate.</param>
    /// <param name="keyframeIntervalSeconds">Seconds between periodic IDRs.</param>
    /// <param name="beforePublish">Called with each unit just before the hub gets it (for latency measurements).</param>
    public static TestPatternCamera Start(int width = 320, int height = 240, int fps = 25, int bitrateKbps = 500,
        double keyframeIntervalSeconds = 1, Action<AccessUnit>? beforePublish = null)
    {
        var hub = new StreamHub("cam");
        void Publish(AccessUnit unit)
        {
            beforePublish?.Invoke(unit);
            hub.Publish(unit);
        }
        var settings = new VideoEncoderSettings
        {
            Width = width,
            Height = height,
            FramesPerSecond = fps,
            BitrateKbps = bitrateKbps,
            KeyframeIntervalSeconds = keyframeIntervalSeconds,
            Profile = "main",
        };
        var encoder = FfmpegVideoEncoder.Open(settings, Publish, new FfmpegEncoderOptions { Preference = ["libx264"] });
        var source = new TestPatternSource(width, height, fps);
        return new TestPatternCamera(hub, encoder, source);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _source;
        _encoder.Dispose();
        Hub.Dispose();
        _stop.Dispose();
    }
}
