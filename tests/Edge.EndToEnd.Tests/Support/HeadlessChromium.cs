using System.Text.Json;

namespace Edge.EndToEnd.Tests.Support;

/// <summary>
/// Debian's chromium driven by playwright-core (<c>tests/Edge.EndToEnd.Tests/Browser</c>): runs
/// <c>browser-check.cjs</c> with a time limit and returns the JSON it printed. The driver is
/// installed by <c>Browser/install.sh</c> (run by tests/prerequisites.sh) into a cache directory
/// keyed by the lock file, found here the same way.
/// </summary>
internal static class HeadlessChromium
{
    private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(90);

    public static string Executable => Environment.GetEnvironmentVariable("CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static string ScriptDirectory => EdgeBinary.RepoFile("tests", "Edge.EndToEnd.Tests", "Browser");

    /// <summary>Where install.sh puts playwright-core: $EDGE_BROWSER_DRIVER, or the cache directory named after the lock file's hash.</summary>
    public static string DriverDirectory => NpmPeer.CacheDirectory("EDGE_BROWSER_DRIVER", ScriptDirectory, "browser-driver");

    /// <summary>Null when chromium, node and the driver are all there; otherwise what is missing and how to get it.</summary>
    public static string? Missing()
    {
        var missing = new List<string>();
        if (!File.Exists(Executable))
            missing.Add($"chromium ({Executable})");
        if (!NpmPeer.OnPath("node"))
            missing.Add("node");
        if (!File.Exists(Path.Combine(DriverDirectory, "node_modules", "playwright-core", "package.json")))
            missing.Add($"playwright-core in {DriverDirectory}");
        return missing.Count == 0 ? null : $"needs {string.Join(", ", missing)}: run tests/prerequisites.sh (apt chromium nodejs, then Browser/install.sh)";
    }

    /// <summary>Where screenshots go: the test project's TestResults/browser (or $EDGE_TEST_ARTIFACTS), created on demand.</summary>
    public static string ArtifactDirectory()
    {
        var directory = Environment.GetEnvironmentVariable("EDGE_TEST_ARTIFACTS") is { Length: > 0 } chosen
            ? chosen
            : EdgeBinary.RepoFile("tests", "Edge.EndToEnd.Tests", "TestResults", "browser");
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>Runs <c>browser-check.cjs MODE URL OUTPUT</c> and parses its JSON; a failure carries chromium's and the script's own words.</summary>
    public static async Task<JsonDocument> CheckAsync(string mode, string url, string output)
    {
        if (Missing() is { } missing)
            throw new InvalidOperationException($"The browser test cannot run: it {missing}.");
        var run = await ExternalTool.RunAsync("node", [Path.Combine(ScriptDirectory, "browser-check.cjs"), DriverDirectory, mode, url, output], RunLimit);
        Assert.True(run.ExitCode == 0, $"browser-check {mode} {url} failed (exit {run.ExitCode}):\n{run.Stderr}\n{run.StdoutText}");
        return JsonDocument.Parse(run.StdoutText);
    }

}
