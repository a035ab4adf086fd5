using System.Diagnostics;
using Edge.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace Edge.EndToEnd.Tests.Daemon;

/// <summary>
/// README's run command, packaging/run-from-checkout.sh, from a clean clone of the committed tree:
/// it builds, starts edge on the documented config (moved to loopback) and a client pulls a frame.
/// The time it takes is printed, never asserted (README and bench/README.md quote it, measured
/// on a quiet machine). The apt step is skipped where libavcodec is installed, as on any machine
/// that runs these tests; it was checked by hand in a fresh Debian root (bench/README.md).
/// It runs alone: a full build beside the timing-sensitive tests would only make them flaky.
/// </summary>
[Collection(nameof(QuickStartTests))]
public sealed class QuickStartTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("edge-quick-start-").FullName;

    [Fact]
    public async Task RunCommand_FromACleanClone_BuildsStartsAndServesAFrame()
    {
        var clone = Path.Combine(_work, "edge");
        var cloned = await ExternalTool.RunAsync("git", ["clone", "--quiet", EdgeBinary.RepoRoot, clone], TimeSpan.FromMinutes(2));
        Assert.True(cloned.ExitCode == 0, cloned.Stderr);
        using var config = DocumentedConfig.OnLoopback();

        var stopwatch = Stopwatch.StartNew();
        using var edge = EdgeProcess.StartProgram(Path.Combine(clone, "packaging/run-from-checkout.sh"), ["--config", config.Path],
            new Dictionary<string, string?> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" }, workingDirectory: clone);
        try
        {
            // Generous: a first build on a busy 2-core machine.
            await edge.WaitForOutputAsync("camera cam: streaming", TimeSpan.FromMinutes(12));
            var frame = await ExternalTool.RunAsync("ffmpeg",
                ["-hide_banner", "-nostdin", "-v", "error", "-rtsp_transport", "tcp", "-i", $"rtsp://127.0.0.1:{config.RtspPort}/cam", "-frames:v", "1", "-f", "null", "-"],
                TimeSpan.FromMinutes(1));
            Assert.True(frame.ExitCode == 0, frame.Stderr);
            output.WriteLine($"clean clone to a frame pulled over RTSP: {stopwatch.Elapsed.TotalSeconds:0.0} s");
        }
        finally
        {
            output.WriteLine(edge.Output);
        }

        // What a first-time user is told: the build's progress, how to stop, and the URLs to open.
        Assert.Contains("run-from-checkout: building edge", edge.Output, StringComparison.Ordinal);
        Assert.Contains("Build succeeded", edge.Output, StringComparison.Ordinal);
        Assert.Contains($"rtsp://127.0.0.1:{config.RtspPort}/cam", edge.Output, StringComparison.Ordinal);
        Assert.Contains($"http://127.0.0.1:{config.HttpPort}/", edge.Output, StringComparison.Ordinal);

        // The script exec'd edge: the signal reaches edge itself, which stops cleanly.
        edge.Signal(Posix.SIGINT);
        Assert.True(edge.WaitForExit(TimeSpan.FromSeconds(10)), edge.Output);
        Assert.Equal(0, edge.ExitCode);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}

[CollectionDefinition(nameof(QuickStartTests), DisableParallelization = true)]
public sealed class QuickStartCollection;
