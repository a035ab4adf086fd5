using Edge.Config;
using Edge.Media;
using Edge.Media.Streaming;
using Edge.Video.Encoders;
using Edge.Video.Sources.V4l2;
using Microsoft.Extensions.Logging;

namespace Edge.Cameras;

/// <summary>
/// A V4L2 camera (USB webcam, HDMI bridge) into the camera's hub: raw frames through an encoder
/// (the board's V4L2 M2M encoder, or libavcodec), or a camera's own H.264 passed through.
/// </summary>
/// <remarks>
/// One run opens the device, negotiates the mode and streams until cancelled or the device
/// fails; an unplugged camera ends the run with a message, and the supervisor opens it again
/// with back-off, so a camera that comes back is picked up without restarting the process.
/// </remarks>
internal sealed class V4l2CameraPipeline : ICameraPipeline
{
    private readonly CameraConfig _camera;
    private readonly StreamHub _hub;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _log;

    public V4l2CameraPipeline(CameraConfig camera, StreamHub hub, ILoggerFactory loggers, ILogger log)
    {
        _camera = camera;
        _hub = hub;
        _loggers = loggers;
        _log = log;
        Description = $"V4L2 {camera.Device} {camera.Width}x{camera.Height}@{camera.Fps}";
    }

    public string Description { get; private set; }

    public async Task RunAsync(Action onStreaming, Action onProgress, CancellationToken cancellationToken)
    {
        var feed = new HubFeed(_hub, onStreaming, onProgress);
        using var source = V4l2CaptureSource.Open(
            new V4l2CaptureOptions
            {
                Device = _camera.Device,
                Width = _camera.Width,
                Height = _camera.Height,
                FramesPerSecond = _camera.Fps,
                Format = ToCaptureFormat(_camera.Format),
                ConfigKey = $"camera.{_camera.Name}",
            },
            _loggers.CreateLogger<V4l2CaptureSource>());

        if (source.ProducesAccessUnits || _camera.Encoder.Kind == EncoderKind.Passthrough)
        {
            Description = $"V4L2 {_camera.Device} {source.Mode}, passthrough";
            using var cameraKeyframes = feed.ForwardKeyframeRequests(source.CanForceKeyframes, source.RequestKeyframe);
            await source.RunAccessUnitsAsync(feed.Publish, cancellationToken).ConfigureAwait(false);
            return;
        }

        var settings = new VideoEncoderSettings
        {
            Width = _camera.Width,
            Height = _camera.Height,
            FramesPerSecond = Math.Max(1, (int)Math.Round(source.FramesPerSecond)),
            BitrateKbps = _camera.Encoder.BitrateKbps,
            KeyframeIntervalSeconds = _camera.Encoder.KeyframeInterval.TotalSeconds,
            Profile = _camera.Encoder.Profile.ToString().ToLowerInvariant(),
        };
        using var encoder = OpenEncoder(settings, feed.Publish);
        Description = $"V4L2 {_camera.Device} {source.Mode}, {encoder.Name}";
        using var keyframes = feed.ForwardKeyframeRequests(encoder.CanForceKeyframes, encoder.RequestKeyframe);
        await source.RunFramesAsync(frame =>
        {
            using (frame)
                encoder.Encode(frame);
        }, cancellationToken).ConfigureAwait(false);
    }

    private IVideoEncoder OpenEncoder(VideoEncoderSettings settings, Action<AccessUnit> output) =>
        CameraEncoders.Open(_camera, settings, output, _loggers, _log);

    private static V4l2CaptureFormat ToCaptureFormat(CapturePixelFormat format) => format switch
    {
        CapturePixelFormat.Yuyv => V4l2CaptureFormat.Yuyv,
        CapturePixelFormat.Mjpeg => V4l2CaptureFormat.Mjpeg,
        CapturePixelFormat.Nv12 => V4l2CaptureFormat.Nv12,
        CapturePixelFormat.Yu12 => V4l2CaptureFormat.Yu12,
        CapturePixelFormat.H264 => V4l2CaptureFormat.H264,
        _ => V4l2CaptureFormat.Auto,
    };
}
