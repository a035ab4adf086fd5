using System.Diagnostics;
using System.Text;

namespace Edge.Tests.Shared;

/// <summary>Runs a real peer (ffmpeg, ffprobe, gst-launch) with a time limit and collects what it printed.</summary>
internal static class ExternalTool
{
    public sealed record Result(int ExitCode, byte[] Stdout, string Stderr)
    {
        public string StdoutText => Encoding.UTF8.GetString(Stdout);
    }

    public static async Task<Result> RunAsync(string tool, IEnumerable<string> args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{tool} did not start");
        process.StandardInput.Close();
        using var stdout = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', info.ArgumentList)} ran longer than {timeout}");
        }
        await copy;
        return new Result(process.ExitCode, stdout.ToArray(), await stderr);
    }
}
