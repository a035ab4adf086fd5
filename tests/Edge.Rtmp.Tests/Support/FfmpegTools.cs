using System.Diagnostics;
using System.Globalization;
using System.Text;
using Edge.Video.Sources.TestPattern;

namespace Edge.Rtmp.Tests.Support;

/// <summary>ffmpeg and ffprobe as the judges of what was pushed: decode, count, read the burned-in frame numbers.</summary>
internal static class FfmpegTools
{
    /// <summary>A decoded stream: how many pictures, the frame number read from each, and what ffmpeg complained about.</summary>
    public sealed record Decoded(int Frames, IReadOnlyList<long> FrameNumbers, string Warnings, int ExitCode);

    /// <summary>Runs ffmpeg, ffprobe or another tool with a time limit (see <see cref="ExternalTool"/>).</summary>
    public static Task<ExternalTool.Result> RunAsync(string tool, IEnumerable<string> args, TimeSpan timeout) =>
        ExternalTool.RunAsync(tool, args, timeout);

    /// <summary>Decodes the video of <paramref name="input"/> (a URL or file) to luma and reads every picture's burned-in number.</summary>
    /// <param name="input">rtmp:// URL or file.</param>
    /// <param name="width">Picture width.</param>
    /// <param name="height">Picture height.</param>
    /// <param name="seconds">Stop after this much video (null: to the end).</param>
    public static async Task<Decoded> DecodeVideoAsync(string input, int width, int height, double? seconds)
    {
        List<string> args = ["-nostdin", "-v", "warning", "-i", input];
        if (seconds is { } limit)
            args.AddRange(["-t", limit.ToString(CultureInfo.InvariantCulture)]);
        // passthrough: every decoded picture once, none duplicated or dropped to fit a constant rate.
        args.AddRange(["-an", "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "gray", "-"]);
        var result = await RunAsync("ffmpeg", args, TimeSpan.FromSeconds((seconds ?? 20) + 30));
        var frameSize = width * height;
        var frames = result.Stdout.Length / frameSize;
        var numbers = new List<long>(frames);
        for (var i = 0; i < frames; i++)
        {
            if (BurnedInCode.TryRead(result.Stdout.AsSpan(i * frameSize, frameSize), width, height, width, out var number, out _))
                numbers.Add(number);
        }
        return new Decoded(frames, numbers, result.Stderr.Trim(), result.ExitCode);
    }

    /// <summary>
    /// Asserts a clean decode: ffmpeg said nothing at warning level, about the expected count, every
    /// picture's number readable and strictly increasing, at most 2 % of the numbers missing. Frame
    /// slots the test-pattern source itself skipped (it does on a loaded 2-core machine, and every
    /// reader then lacks the same numbers) are allowed for on top.
    /// </summary>
    public static void AssertClean(Decoded decoded, int expectedFrames, long sourceSkipped = 0)
    {
        var tolerance = Math.Max(2, expectedFrames / 50);
        Assert.True(decoded.ExitCode == 0, $"ffmpeg exited {decoded.ExitCode}: {decoded.Warnings}");
        Assert.True(decoded.Warnings.Length == 0, "ffmpeg reported: " + decoded.Warnings);
        Assert.InRange(decoded.Frames, expectedFrames - tolerance - sourceSkipped, expectedFrames + tolerance);
        Assert.Equal(decoded.Frames, decoded.FrameNumbers.Count);
        long missing = 0;
        for (var i = 1; i < decoded.FrameNumbers.Count; i++)
        {
            Assert.True(decoded.FrameNumbers[i] > decoded.FrameNumbers[i - 1],
                $"picture {i}: frame number {decoded.FrameNumbers[i]} follows {decoded.FrameNumbers[i - 1]}");
            missing += decoded.FrameNumbers[i] - decoded.FrameNumbers[i - 1] - 1;
        }
        Assert.True(missing <= tolerance + sourceSkipped, $"{missing} frame numbers missing in {decoded.Frames} pictures ({sourceSkipped} skipped by the source)");
    }

    /// <summary>ffprobe's view of each stream of a file: "codec_type,codec_name,width,height,sample_rate,channels" lines.</summary>
    public static async Task<IReadOnlyList<string>> ProbeStreamsAsync(string file)
    {
        var result = await RunAsync("ffprobe",
            ["-v", "error", "-show_entries", "stream=codec_type,codec_name,width,height,sample_rate,channels", "-of", "csv=p=0", file],
            TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, $"ffprobe failed: {result.Stderr}");
        return result.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>The last packet time (seconds) of each stream type in a file ("video", "audio").</summary>
    public static async Task<IReadOnlyDictionary<string, double>> LastPacketTimesAsync(string file)
    {
        var result = await RunAsync("ffprobe",
            ["-v", "error", "-show_entries", "packet=codec_type,pts_time", "-of", "csv=p=0", file], TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, $"ffprobe failed: {result.Stderr}");
        var last = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in result.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split(',');
            if (fields.Length >= 2 && double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var time))
                last[fields[0]] = Math.Max(last.GetValueOrDefault(fields[0]), time);
        }
        return last;
    }
}
