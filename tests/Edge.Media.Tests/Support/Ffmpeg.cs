using System.Collections.Concurrent;
using System.Diagnostics;

namespace Edge.Media.Tests.Support;

/// <summary>Runs the real ffmpeg to make H.264 samples at test time. Results are cached per argument list.</summary>
internal static class Ffmpeg
{
    private static readonly ConcurrentDictionary<string, Lazy<byte[]>> Cache = new();

    /// <summary>The ffmpeg executable on PATH, or null when it is not installed.</summary>
    public static string? ExecutablePath { get; } = Find();

    /// <summary>True when CI=true: tests that need ffmpeg must run, not skip.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Encodes <paramref name="frames"/> frames of the lavfi test source with libx264 and returns the
    /// output file (raw Annex B with <c>-f h264</c>, or whatever <paramref name="format"/> says).
    /// </summary>
    public static byte[] EncodeTestSource(
        string size, string rate, int frames, string format = "h264", params string[] encoderArguments)
    {
        var arguments = new List<string>
        {
            "-f", "lavfi", "-i", $"testsrc=size={size}:rate={rate}",
            "-frames:v", frames.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-c:v", "libx264",
        };
        arguments.AddRange(encoderArguments);
        arguments.AddRange(["-f", format]);
        return Run(arguments);
    }

    /// <summary>Runs ffmpeg with an input file made of <paramref name="input"/> and returns the output.</summary>
    public static byte[] Transcode(byte[] input, string inputFormat, params string[] outputArguments)
    {
        var inputPath = Path.Combine(Path.GetTempPath(), $"edge-media-{Guid.NewGuid():N}.in");
        File.WriteAllBytes(inputPath, input);
        try
        {
            var arguments = new List<string> { "-f", inputFormat, "-i", inputPath };
            arguments.AddRange(outputArguments);
            return RunUncached(arguments);
        }
        finally
        {
            File.Delete(inputPath);
        }
    }

    private static byte[] Run(List<string> arguments) =>
        Cache.GetOrAdd(string.Join('\u0001', arguments), _ => new Lazy<byte[]>(() => RunUncached(arguments))).Value;

    private static byte[] RunUncached(List<string> arguments)
    {
        var executable = ExecutablePath ?? throw new InvalidOperationException(
            "ffmpeg is not installed (not found on PATH). Install it (apt-get install ffmpeg); CI runs these tests.");
        var outputPath = Path.Combine(Path.GetTempPath(), $"edge-media-{Guid.NewGuid():N}.out");
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-hide_banner", "-loglevel", "error", "-nostdin", "-y"])
            start.ArgumentList.Add(argument);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.ArgumentList.Add(outputPath);

        try
        {
            using var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start.");
            process.StandardInput.Close();
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"ffmpeg {string.Join(' ', arguments)} ran for more than 120 s.");
            }

            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"ffmpeg {string.Join(' ', arguments)} failed ({process.ExitCode}): {stderr.Result}{stdout.Result}");
            return File.ReadAllBytes(outputPath);
        }
        finally
        {
            File.Delete(outputPath);
        }
    }

    private static string? Find()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, "ffmpeg");
            if (File.Exists(candidate))
                return candidate;
        }

        return null;
    }
}
