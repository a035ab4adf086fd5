using System.Diagnostics;
using Edge.Video.Encoders.Ffmpeg;

namespace Edge.Video.Tests.Support;

/// <summary>Finds and runs the real programs the tests talk to: ffmpeg, ffprobe, gcc.</summary>
internal static class ExternalTools
{
    private static readonly Lazy<string?> FfmpegMissing = new(() =>
    {
        if (!FfmpegLibrary.TryLoad(out var library, out var error))
            return error;
        if (!library.HasEncoder("libx264"))
            return $"{library} has no libx264 encoder";
        return FindOnPath("ffmpeg") is null ? "the ffmpeg program is not on PATH"
            : FindOnPath("ffprobe") is null ? "the ffprobe program is not on PATH"
            : null;
    });

    private static readonly Lazy<string?> HeadersMissing = new(() =>
    {
        if (FindOnPath("gcc") is null)
            return "gcc is not on PATH";
        var probe = Path.Combine(Path.GetTempPath(), $"edge-hdr-{Environment.ProcessId}.c");
        File.WriteAllText(probe, "#include <libavutil/frame.h>\n#include <libavcodec/avcodec.h>\nint main(void){return 0;}\n");
        try
        {
            var result = Run("gcc", ["-fsyntax-only", probe], TimeSpan.FromSeconds(30));
            return result.ExitCode == 0 ? null : "the FFmpeg development headers (libavcodec-dev, libavutil-dev) are not installed";
        }
        finally
        {
            File.Delete(probe);
        }
    });

    /// <summary>Why the FFmpeg tests cannot run here, or null when libavcodec, libx264, ffmpeg and ffprobe are all present.</summary>
    public static string? WhyFfmpegMissing => FfmpegMissing.Value;

    /// <summary>Why the header tests cannot run here, or null when gcc and the FFmpeg headers are present.</summary>
    public static string? WhyHeadersMissing => HeadersMissing.Value;

    public static string? FindOnPath(string program)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, program);
            if (File.Exists(candidate))
                return candidate;
        }

        return null;
    }

    /// <summary>Runs a program to completion, capturing standard output as bytes and standard error as text.</summary>
    public static ProcessResult Run(string program, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        process.StandardInput.Close();
        var stdout = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within {timeout}.");
        }

        copy.GetAwaiter().GetResult();
        return new ProcessResult(process.ExitCode, stdout.ToArray(), stderr.GetAwaiter().GetResult());
    }
}

internal sealed record ProcessResult(int ExitCode, byte[] StandardOutput, string StandardError)
{
    public string StandardOutputText => System.Text.Encoding.UTF8.GetString(StandardOutput);
}
