using Edge.Config;
using Edge.Video.Encoders;
using Edge.Video.Encoders.V4l2M2m;
using Edge.Video.Sources.V4l2;
using Microsoft.Extensions.Logging;

namespace Edge.Cameras;

/// <summary>
/// The zero-copy path of a V4L2 camera: when the encoder is a V4L2 M2M one and takes the
/// camera's negotiated format and size as they are, it imports the camera's buffers (DMABUF) and
/// no picture is converted or copied. Otherwise, or when the driver refuses at the start, the
/// copy path runs; either way one log line says which path and why.
/// </summary>
internal sealed partial class V4l2CameraPipeline
{
    // Set when zero-copy opened but failed at its first frame: later runs go straight to the copy path.
    private string? _zeroCopyFailure;

    /// <summary>
    /// The coded format asked of the M2M encoder on the zero-copy path: H.264; the board tests
    /// ask vicodec for FWHT, the only codec the kernel's test encoder has.
    /// </summary>
    internal string ZeroCopyCodedFormat { get; init; } = "H264";

    /// <summary>
    /// Runs the camera zero-copy when it can: returns true when it did (until cancelled, or it
    /// threw the run's failure), false when the copy path must run instead.
    /// </summary>
    private async Task<bool> TryRunZeroCopyAsync(V4l2CaptureSource source, VideoEncoderSettings settings, HubFeed feed, CancellationToken cancellationToken)
    {
        var device = ZeroCopyEncoderDevice(out var reason);
        if (device is null || _zeroCopyFailure is not null)
        {
            LogZeroCopyDecision(_log, _camera.Name, $"copy: {reason ?? $"zero-copy failed at its first frame on an earlier start ({_zeroCopyFailure})"}");
            return false;
        }

        var encoder = V4l2ZeroCopy.TryOpen(source, settings, feed.Publish, new V4l2M2mEncoderOptions { Device = device.Path, CodedFormat = ZeroCopyCodedFormat },
            _loggers.CreateLogger<V4l2M2mEncoder>(), out var decision);
        LogZeroCopyDecision(_log, _camera.Name, decision);
        if (encoder is null)
            return false;

        using (encoder)
        {
            if (device.Reason is not null)
                CameraLog.ChoseEncoder(_log, _camera.Name, $"V4L2 M2M {device.Card} at {device.Path}", device.Reason);
            Description = $"V4L2 {_camera.Device} {source.Mode}, {encoder.Name}, zero-copy";
            Encoding = encoder.Effective.ToString();
            using var keyframes = feed.ForwardKeyframeRequests(encoder.CanForceKeyframes, encoder.RequestKeyframe);
            using var firstFrameRefused = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            V4l2EncoderException? refused = null;
            await source.RunDmabufFramesAsync(frame =>
            {
                try
                {
                    encoder.Encode(frame);
                }
                catch (V4l2EncoderException ex) when (encoder.AccessUnitsProduced == 0 && refused is null)
                {
                    // The trial import passed but the driver fails on real pictures: copy instead.
                    refused = ex;
                    firstFrameRefused.Cancel();
                }
            }, firstFrameRefused.Token).ConfigureAwait(false);
            if (refused is null || cancellationToken.IsCancellationRequested)
                return true;
            _zeroCopyFailure = refused.Message;
        }

        LogZeroCopyDecision(_log, _camera.Name, $"copy: zero-copy failed at its first frame ({_zeroCopyFailure})");
        return false;
    }

    // The M2M encoder the camera's encoder settings lead to, or null with the reason there is none.
    private ZeroCopyEncoder? ZeroCopyEncoderDevice(out string? reason)
    {
        reason = null;
        if (_camera.Overlay is { Text.Length: > 0 })
        {
            reason = "the overlay draws text into the pictures, which zero-copy never has in memory";
            return null;
        }
        switch (_camera.Encoder.Kind)
        {
            case EncoderKind.V4l2m2m:
                return new ZeroCopyEncoder(_camera.Encoder.Device, _camera.Encoder.Device, null);
            case EncoderKind.Auto when V4l2M2mEncoderProbe.FindH264Encoder() is { } hardware:
                return new ZeroCopyEncoder(hardware.Path, hardware.Card, "the board has a hardware H.264 encoder");
            case EncoderKind.Auto:
                reason = "no V4L2 memory-to-memory H.264 encoder was found, so frames go to libavcodec";
                return null;
            default:
                reason = "the encoder is libavcodec (encoder.kind = \"ffmpeg\"), which reads frames from memory";
                return null;
        }
    }

    private sealed record ZeroCopyEncoder(string Path, string Card, string? Reason);

    [LoggerMessage(120, LogLevel.Information, "camera {Camera}: {Decision}")]
    private static partial void LogZeroCopyDecision(ILogger logger, string camera, string decision);
}
