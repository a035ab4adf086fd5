using Edge.Config;
using Edge.Media;
using Edge.Media.Streaming;
using Edge.Snapshots;
using Edge.Video;
using Edge.Video.Encoders;
using Edge.Video.Sources.TestPattern;
using Microsoft.Extensions.Logging;

namespace Edge.Cameras;

/// <summary>
/// A source of raw frames (the test pattern) through a libavcodec encoder into the camera's hub.
/// </summary>
/// <remarks>
/// Everything runs on the source's thread: frame → encoder → hub. The hub never blocks, so a slow
/// reader cannot slow the camera; the encoder is the only work on that thread.
/// </remarks>
internal sealed class RawCameraPipeline : ICameraPipeline
{
    private readonly CameraConfig _camera;
    private readonly StreamHub _hub;
    private readonly ILoggerFactory _loggers;
    private readonly RawFrameTap _snapshotTap;

    public RawCameraPipeline(CameraConfig camera, StreamHub hub, RawFrameTap snapshotTap, ILoggerFactory loggers)
    {
        _camera = camera;
        _hub = hub;
        _loggers = loggers;
        _snapshotTap = snapshotTap;
        Description = $"{camera.Width}x{camera.Height}@{camera.Fps} test pattern";
    }

    public string Description { get; private set; }

    public string Encoding { get; private set; } = "";

    public async Task RunAsync(Action onStreaming, Action onProgress, CancellationToken cancellationToken)
    {
        var settings = CameraEncoders.SettingsFor(_camera, _camera.Fps);
        var feed = new HubFeed(_hub, onStreaming, onProgress);
        using var encoder = OpenEncoder(settings, feed.Publish);
        Description = $"{_camera.Width}x{_camera.Height}@{_camera.Fps} test pattern, {encoder.Name}";
        Encoding = encoder.Effective.ToString();
        using var keyframes = feed.ForwardKeyframeRequests(encoder.CanForceKeyframes, encoder.RequestKeyframe);
        using var snapshots = _snapshotTap.Attach();
        var source = new TestPatternSource(_camera.Width, _camera.Height, _camera.Fps, logger: _loggers.CreateLogger<TestPatternSource>());
        var caption = CameraCaptions.For(_camera, _camera.Width, _camera.Height, isTestPattern: true, TimeProvider.System);
        await source.RunAsync(frame =>
        {
            using (frame)
            {
                caption?.Apply(frame);
                _snapshotTap.Offer(frame);
                encoder.Encode(frame);
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    private IVideoEncoder OpenEncoder(VideoEncoderSettings settings, Action<AccessUnit> output) =>
        CameraEncoders.Open(_camera, settings, output, _loggers, _loggers.CreateLogger("Edge.Camera"));
}
