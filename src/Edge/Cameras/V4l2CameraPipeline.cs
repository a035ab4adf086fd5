using Edge.Config;
using Edge.Media;
using Edge.Media.Streaming;
using Edge.Snapshots;
using Edge.Video.Encoders;
using Edge.Video.Sources.V4l2;
using Microsoft.Extensions.Logging;

namespace Edge.Cameras;

/// <summary>
/// A V4L2 camera (USB webcam, HDMI bridge) into the camera's hub: raw frames through an encoder
/// (the board's V4L2 M2M encoder, or libavcodec), Motion-JPEG decoded to I420 by the source and
/// then encoded the same way, or a camera's own H.264 passed through.
/// </summary>
/// <remarks>
/// One run opens the device, negotiates the mode and streams until cancelled or the device
/// fails; an unplugged camera ends the run with a message, and the supervisor opens it again
/// with back-off, so a camera that comes back is picked up without restarting the process.
/// </remarks>
internal sealed partial class V4l2CameraPipeline : ICameraPipeline
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

    /// <summary>
    /// Where the copy path offers its I420 frames for snapshots. Passthrough and zero-copy have no
    /// such frame in memory; their snapshots decode the H.264 instead.
    /// </summary>
    public RawFrameTap SnapshotTap { get; init; } = new();

    public string Encoding { get; private set; } = "";

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
                Format = CaptureFormatFor(_camera),
                ConfigKey = $"camera.{_camera.Name}",
            },
            _loggers.CreateLogger<V4l2CaptureSource>());

        if (source.ProducesAccessUnits || _camera.Encoder.Kind == EncoderKind.Passthrough)
        {
            Description = $"V4L2 {_camera.Device} {source.Mode}, passthrough";
            Encoding = "";
            LogPath(_log, _camera.Name, _camera.Device, source.Mode.ToString(), "passed through as the camera encoded it");
            using var cameraKeyframes = feed.ForwardKeyframeRequests(source.CanForceKeyframes, source.RequestKeyframe);
            await source.RunAccessUnitsAsync(feed.Publish, cancellationToken).ConfigureAwait(false);
            return;
        }

        var settings = CameraEncoders.SettingsFor(_camera, Math.Max(1, (int)Math.Round(source.FramesPerSecond)));
        if (await TryRunZeroCopyAsync(source, settings, feed, cancellationToken).ConfigureAwait(false))
            return;

        using var encoder = OpenEncoder(settings, feed.Publish);
        Description = $"V4L2 {_camera.Device} {source.Mode}, {(source.DecodesMjpeg ? "MJPEG decoded, " : "")}{encoder.Name}";
        Encoding = encoder.Effective.ToString();
        LogPath(_log, _camera.Name, _camera.Device, source.Mode.ToString(),
            source.DecodesMjpeg ? $"decoded by libavcodec's mjpeg decoder to I420 → {encoder.Name}" : $"converted to I420 → {encoder.Name}");
        using var keyframes = feed.ForwardKeyframeRequests(encoder.CanForceKeyframes, encoder.RequestKeyframe);
        using var snapshots = SnapshotTap.Attach();
        var caption = CameraCaptions.For(_camera, source.Mode.Width, source.Mode.Height, isTestPattern: false, TimeProvider.System);
        await source.RunFramesAsync(frame =>
        {
            using (frame)
            {
                caption?.Apply(frame);
                SnapshotTap.Offer(frame);
                encoder.Encode(frame);
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    private IVideoEncoder OpenEncoder(VideoEncoderSettings settings, Action<AccessUnit> output) =>
        CameraEncoders.Open(_camera, settings, output, _loggers, _log);

    // Passthrough needs the camera's own H.264, so "auto" asks for exactly that rather than the
    // raw or MJPEG modes auto prefers for Edge's encoders.
    private static V4l2CaptureFormat CaptureFormatFor(CameraConfig camera) =>
        camera.Encoder.Kind == EncoderKind.Passthrough && camera.Format == CapturePixelFormat.Auto
            ? V4l2CaptureFormat.H264
            : ToCaptureFormat(camera.Format);

    [LoggerMessage(130, LogLevel.Information, "camera {Camera}: {Device} {Mode} is {Path}")]
    private static partial void LogPath(ILogger logger, string camera, string device, string mode, string path);

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
