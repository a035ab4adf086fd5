using Edge.Config;
using Edge.Media.Streaming;
using Edge.Video.Encoders.Passthrough;
using Edge.Video.Sources;
using Edge.Video.Sources.File;
using Edge.Video.Sources.Rpicam;
using Microsoft.Extensions.Logging;

namespace Edge.Cameras;

/// <summary>
/// A source that delivers H.264 by itself (rpicam-vid, a file) through the passthrough stage
/// into the camera's hub: no encoding in this process.
/// </summary>
/// <remarks>
/// Such a source cannot be asked for a keyframe, so the hub is told so and new RTSP clients start
/// at the cached GOP's IDR.
/// </remarks>
internal sealed class EncodedCameraPipeline : ICameraPipeline
{
    private readonly CameraConfig _camera;
    private readonly StreamHub _hub;
    private readonly ILoggerFactory _loggers;

    public EncodedCameraPipeline(CameraConfig camera, StreamHub hub, ILoggerFactory loggers)
    {
        _camera = camera;
        _hub = hub;
        _loggers = loggers;
        Description = camera.Source == CameraSourceKind.File
            ? $"{camera.File} at {camera.Fps} fps, passthrough"
            : $"{camera.RpicamCommand.Split(' ', 2)[0]} {camera.Width}x{camera.Height}@{camera.Fps}, passthrough";
    }

    public string Description { get; }

    public string Encoding => ""; // the camera or rpicam-vid encoded it

    public async Task RunAsync(Action onStreaming, Action onProgress, CancellationToken cancellationToken)
    {
        _hub.CanForceKeyframes = false;
        var feed = new HubFeed(_hub, onStreaming, onProgress);
        var passthrough = new H264Passthrough(feed.Publish);
        void OnUnit(ReadOnlySpan<byte> annexB, long captureTimestamp) => passthrough.Publish(annexB, captureTimestamp);

        if (_camera.Source == CameraSourceKind.File)
        {
            var file = new H264FileSource(_camera.File!, _camera.Fps, _loggers.CreateLogger<H264FileSource>());
            await file.RunAsync(OnUnit, cancellationToken).ConfigureAwait(false);
            return;
        }

        RpicamSource source;
        try
        {
            source = new RpicamSource(
                new RpicamSourceOptions
                {
                    Command = _camera.RpicamCommand,
                    ConfigKey = $"camera.{_camera.Name}.rpicam_command",
                    Width = _camera.Width,
                    Height = _camera.Height,
                    FramesPerSecond = _camera.Fps,
                    BitrateKbps = _camera.Encoder.BitrateKbps,
                    KeyframeIntervalFrames = Math.Max(1, (int)Math.Round(_camera.Encoder.KeyframeInterval.TotalSeconds * _camera.Fps)),
                    Profile = _camera.Encoder.Profile.ToString().ToLowerInvariant(),
                },
                _loggers.CreateLogger<RpicamSource>());
        }
        catch (FormatException e)
        {
            throw new CameraSourceException($"camera.{_camera.Name}.rpicam_command: {e.Message}", e);
        }
        await source.RunAsync(OnUnit, cancellationToken).ConfigureAwait(false);
    }
}
