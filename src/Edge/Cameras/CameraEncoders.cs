using Edge.Config;
using Edge.Media;
using Edge.Video.Encoders;
using Edge.Video.Encoders.Ffmpeg;
using Edge.Video.Encoders.V4l2M2m;
using Microsoft.Extensions.Logging;

namespace Edge.Cameras;

/// <summary>Opens the encoder a camera's <c>[encoder]</c> table asks for.</summary>
internal static class CameraEncoders
{
    /// <summary>
    /// kind = "v4l2m2m" uses the configured encoder device; "auto" uses the board's hardware
    /// encoder when the probe finds one (Raspberry Pi 0-4: bcm2835-codec), else libavcodec, and
    /// logs which and why; "ffmpeg" uses libavcodec's preference list.
    /// </summary>
    public static IVideoEncoder Open(CameraConfig camera, VideoEncoderSettings settings, Action<AccessUnit> output, ILoggerFactory loggers, ILogger log)
    {
        var kind = camera.Encoder.Kind;
        if (kind == EncoderKind.V4l2m2m)
            return V4l2M2mEncoder.Open(settings, output, new V4l2M2mEncoderOptions { Device = camera.Encoder.Device }, loggers.CreateLogger<V4l2M2mEncoder>());
        if (kind == EncoderKind.Auto)
        {
            if (V4l2M2mEncoderProbe.FindH264Encoder() is { AcceptsEdgeFrames: true } hardware)
            {
                CameraLog.ChoseEncoder(log, camera.Name, $"V4L2 M2M {hardware.Card} at {hardware.Path}", "the board has a hardware H.264 encoder");
                return V4l2M2mEncoder.Open(settings, output, new V4l2M2mEncoderOptions { Device = hardware.Path }, loggers.CreateLogger<V4l2M2mEncoder>());
            }
            CameraLog.ChoseEncoder(log, camera.Name, "libavcodec", "no V4L2 memory-to-memory H.264 encoder was found");
        }
        var options = new FfmpegEncoderOptions { Preference = camera.Encoder.Codecs, X264Preset = PresetName(camera.Encoder.Preset) };
        return FfmpegVideoEncoder.Open(settings, output, options, loggers.CreateLogger<FfmpegVideoEncoder>());
    }

    /// <summary>What the camera's <c>[encoder]</c> table asks of any encoder, at the rate the source delivers.</summary>
    public static VideoEncoderSettings SettingsFor(CameraConfig camera, int framesPerSecond) => new()
    {
        Width = camera.Width,
        Height = camera.Height,
        FramesPerSecond = framesPerSecond,
        BitrateKbps = camera.Encoder.BitrateKbps,
        KeyframeIntervalSeconds = camera.Encoder.KeyframeInterval.TotalSeconds,
        Profile = camera.Encoder.Profile.ToString().ToLowerInvariant(),
        BitrateMode = camera.Encoder.BitrateMode == BitrateMode.Cbr ? "cbr" : "vbr",
        Level = camera.Encoder.Level ?? "",
    };

    // null for "auto": the encoder chooses by picture rate.
    private static string? PresetName(EncoderPreset preset) =>
        preset == EncoderPreset.Auto ? null : preset.ToString().ToLowerInvariant();
}
