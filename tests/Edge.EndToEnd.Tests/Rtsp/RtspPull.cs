using Edge.EndToEnd.Tests.Support;
using Edge.Video.Sources.TestPattern;

namespace Edge.EndToEnd.Tests.Rtsp;

/// <summary>Pulls a stream with ffmpeg, decodes it to luma and reads the test pattern's frame numbers back.</summary>
internal static class RtspPull
{
    public sealed record Pull(int Frames, IReadOnlyList<long> FrameNumbers, string Warnings, int ExitCode);

    /// <summary>Decodes <paramref name="seconds"/> of video (an rtsp:// URL over <paramref name="transport"/>, or any other URL with transport ""); the output is checked with warnings counted (-v warning).</summary>
    public static async Task<Pull> DecodeAsync(string url, string transport, int width, int height, int seconds, IEnumerable<string>? extraInput = null)
    {
        string[] args =
        [
            "-nostdin", "-v", "warning", .. transport.Length == 0 ? Array.Empty<string>() : ["-rtsp_transport", transport], .. extraInput ?? [], "-i", url,
            "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "-an", "-f", "rawvideo", "-pix_fmt", "gray", "-",
        ];
        var result = await ExternalTool.RunAsync("ffmpeg", args, TimeSpan.FromSeconds(seconds + 30));
        var frameSize = width * height;
        var frames = result.Stdout.Length / frameSize;
        var numbers = new List<long>(frames);
        for (var i = 0; i < frames; i++)
        {
            if (BurnedInCode.TryRead(result.Stdout.AsSpan(i * frameSize, frameSize), width, height, width, out var number, out _))
                numbers.Add(number);
        }
        return new Pull(frames, numbers, result.Stderr.Trim(), result.ExitCode);
    }

    /// <summary>
    /// Asserts a clean pull: no decoder warnings, about the expected count, every picture's
    /// burned-in number readable and strictly increasing. A few numbers may be missing: on a
    /// loaded 2-core CI machine the test-pattern source itself skips a slot when it misses its
    /// deadline (every client then lacks the same number, or sees ffmpeg repeat the picture before); more than 4 % missing (at least 3) fails.
    /// </summary>
    /// <param name="pull">The pull to check.</param>
    /// <param name="expectedFrames">Frames in the pulled duration at the camera's rate.</param>
    /// <param name="startupAllowance">Frames a client may lose at its start (a multicast joiner
    /// waits for the next IDR, which the hub grants at most once a second).</param>
    /// <param name="source">The server, whose test pattern's own reported losses are allowed for.</param>
    public static void AssertClean(Pull pull, int expectedFrames, int startupAllowance = 0, EdgeServer? source = null)
    {
        var tolerance = Math.Max(3, expectedFrames / 25) + (int)Math.Min(expectedFrames / 2, source?.SourceLoss ?? 0);
        Assert.True(pull.ExitCode == 0, $"ffmpeg exited {pull.ExitCode}: {pull.Warnings}");
        Assert.True(pull.Warnings.Length == 0, "ffmpeg reported: " + pull.Warnings);
        Assert.InRange(pull.Frames, expectedFrames - tolerance - startupAllowance, expectedFrames + tolerance);
        Assert.Equal(pull.Frames, pull.FrameNumbers.Count);
        long missing = 0;
        for (var i = 1; i < pull.FrameNumbers.Count; i++)
        {
            Assert.True(pull.FrameNumbers[i] >= pull.FrameNumbers[i - 1], $"frame {i}: number {pull.FrameNumbers[i]} follows {pull.FrameNumbers[i - 1]} (out of order)");
            // ffmpeg's constant-rate output repeats a picture to fill a slot the source skipped:
            // a repeat stands for one missing number.
            missing += pull.FrameNumbers[i] == pull.FrameNumbers[i - 1] ? 1 : pull.FrameNumbers[i] - pull.FrameNumbers[i - 1] - 1;
        }
        Assert.True(missing <= tolerance, $"{missing} frame numbers missing in {pull.Frames} frames");
    }
}
