using System.Diagnostics;
using Edge.Video.Encoders;
using Edge.Video.Encoders.Ffmpeg;
using Edge.Video.Encoders.V4l2M2m;
using Edge.Video.Sources.V4l2;
using Edge.Video.V4l2;

namespace Edge.Cli;

/// <summary>
/// <c>edge devices</c>: what this board offers a config — V4L2 cameras with their formats, sizes
/// and rates, hardware H.264 encoders, the libavcodec encoders that open here (and which one
/// <c>kind = "auto"</c> would use), and the Raspberry Pi cameras rpicam-apps sees.
/// </summary>
internal static class DevicesVerb
{
    /// <summary>The size the encoders are tried at: the defaults' 720p30, what most configs ask.</summary>
    private static readonly VideoEncoderSettings SurveySettings = new() { Width = 1280, Height = 720, FramesPerSecond = 30 };

    private static readonly TimeSpan RpicamTimeout = TimeSpan.FromSeconds(15);

    public static int Execute(TextWriter output, string devDirectory = "/dev")
    {
        ArgumentNullException.ThrowIfNull(output);
        var nodes = VideoDeviceNodes.List(devDirectory);
        var canUseV4l2 = V4l2AbiCheck.TryVerify(out var abiError);

        output.WriteLine("Cameras (V4L2 capture devices; camera.NAME.device):");
        var encoders = new List<V4l2M2mDeviceInfo>();
        var others = new List<string>();
        if (!canUseV4l2)
            output.WriteLine($"  cannot look: {abiError}");
        else if (nodes.Count == 0)
            output.WriteLine($"  none: no video nodes in {devDirectory} (plug a camera in; source = \"auto\" streams the test pattern meanwhile)");
        else
            WriteCameras(nodes, output, encoders, others);

        output.WriteLine();
        output.WriteLine("Hardware H.264 encoders (V4L2 memory-to-memory; encoder.kind = \"v4l2m2m\"):");
        var h264 = encoders.Where(e => e.CodedFormats.Contains(FourCC.H264)).ToList();
        if (h264.Count == 0)
            output.WriteLine("  none (a Raspberry Pi 0-4 has one at /dev/video11; a Pi 5 has none)");
        foreach (var encoder in h264)
            output.WriteLine($"  {encoder.Path}  {encoder.Card} ({encoder.Driver}); takes {string.Join(", ", encoder.RawFormats)}{(encoder.AcceptsEdgeFrames ? "" : ", none of which Edge produces")}");

        output.WriteLine();
        var autoUses = h264.FirstOrDefault(e => e.AcceptsEdgeFrames) is { } hardware ? $"{hardware.Card} at {hardware.Path}" : null;
        WriteLibavcodecEncoders(output, ref autoUses);
        output.WriteLine(autoUses is null
            ? "  encoder.kind = \"auto\" finds no encoder that opens: install libx264 (apt install libavcodec59 or newer with libx264)"
            : $"  encoder.kind = \"auto\" would use: {autoUses}");

        output.WriteLine();
        output.WriteLine("Raspberry Pi cameras (rpicam-hello --list-cameras; source = \"rpicam\"):");
        foreach (var line in RpicamCameras())
            output.WriteLine($"  {line}");

        if (others.Count > 0)
        {
            output.WriteLine();
            output.WriteLine($"Other video nodes (not cameras or H.264 encoders): {string.Join("; ", others)}");
        }
        return 0;
    }

    private static void WriteCameras(IReadOnlyList<string> nodes, TextWriter output, List<V4l2M2mDeviceInfo> encoders, List<string> others)
    {
        var cameras = 0;
        var mjpeg = FfmpegMjpegDecoderAvailable();
        foreach (var node in nodes)
        {
            if (V4l2M2mEncoderProbe.TryDescribe(node, out var m2m, out _))
            {
                if (m2m.CodedFormats.Contains(FourCC.H264))
                    encoders.Add(m2m);
                else
                    others.Add($"{node} {m2m.Card} (memory-to-memory)");
                continue;
            }

            try
            {
                var camera = V4l2CaptureSource.Describe(node);
                cameras++;
                output.WriteLine($"  {node}  {camera.Card} ({camera.Driver})");
                output.WriteLine($"    {V4l2FormatNegotiator.DescribeOffers(camera, mjpeg)}");
            }
            catch (CameraNotSupportedException e)
            {
                // UVC cameras add a metadata node beside each capture node: worth a mention, not a listing.
                others.Add($"{node} ({e.Message.Replace($"{node} ", "", StringComparison.Ordinal)})");
            }
            catch (IOException e)
            {
                cameras++;
                output.WriteLine($"  {node}  cannot be opened: {e.Message}");
            }
        }

        if (cameras == 0)
            output.WriteLine("  none among the video nodes (plug a camera in; source = \"auto\" streams the test pattern meanwhile)");
    }

    private static bool FfmpegMjpegDecoderAvailable() => FfmpegLibrary.TryLoad(out var library, out _) && library.HasDecoder("mjpeg");

    private static void WriteLibavcodecEncoders(TextWriter output, ref string? autoUses)
    {
        FfmpegLibrary library;
        IReadOnlyList<EncoderAvailability> encoders;
        try
        {
            (library, encoders) = FfmpegVideoEncoder.Survey(SurveySettings);
        }
        catch (FfmpegException e)
        {
            output.WriteLine("libavcodec H.264 encoders (encoder.kind = \"ffmpeg\", encoder.codec):");
            output.WriteLine($"  libavcodec cannot be loaded: {e.Message}");
            return;
        }

        output.WriteLine($"libavcodec H.264 encoders, tried at {SurveySettings.Width}x{SurveySettings.Height}@{SurveySettings.FramesPerSecond} in the default order (encoder.kind = \"ffmpeg\", encoder.codec):");
        output.WriteLine($"  {library}");
        var width = encoders.Max(e => e.Name.Length);
        foreach (var encoder in encoders)
            output.WriteLine($"  {encoder.Name.PadRight(width)}  {(encoder.Opens ? "opens" : $"no: {encoder.WhyNot}")}");
        autoUses ??= encoders.FirstOrDefault(e => e.Opens)?.Name is { } name ? $"{name} (libavcodec)" : null;
    }

    /// <summary>rpicam-hello's own listing, or why there is none; bounded, since it talks to libcamera.</summary>
    private static IEnumerable<string> RpicamCameras()
    {
        var program = new[] { "rpicam-hello", "libcamera-hello" }.FirstOrDefault(OnPath);
        if (program is null)
            return ["rpicam-hello is not installed (on Raspberry Pi OS: sudo apt install rpicam-apps)"];

        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("--list-cameras");
        try
        {
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(RpicamTimeout))
            {
                process.Kill(entireProcessTree: true);
                return [$"{program} --list-cameras did not answer within {RpicamTimeout.TotalSeconds:0} s"];
            }
            var lines = (stdout.Result + stderr.Result).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return lines.Length == 0 ? [$"{program} --list-cameras printed nothing (exit {process.ExitCode})"] : lines;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return [$"{program} could not be started: {e.Message}"];
        }
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
        .Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Any(directory => File.Exists(Path.Combine(directory, program)));
}
