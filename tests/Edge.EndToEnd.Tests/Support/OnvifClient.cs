using System.Text.Json;

namespace Edge.EndToEnd.Tests.Support;

/// <summary>
/// The npm onvif package (0.8.3, a Profile S client with WS-Discovery) run by
/// <c>Onvif/onvif-check.cjs</c> under node, with a time limit. Installed by <c>Onvif/install.sh</c>
/// (run by tests/prerequisites.sh) into a cache directory keyed by the lock file, found here the
/// same way.
/// </summary>
internal static class OnvifClient
{
    private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(60);

    public static string ScriptDirectory => EdgeBinary.RepoFile("tests", "Edge.EndToEnd.Tests", "Onvif");

    public static string Script => Path.Combine(ScriptDirectory, "onvif-check.cjs");

    /// <summary>Where install.sh puts the package: $EDGE_ONVIF_CLIENT, or the cache directory named after the lock file's hash.</summary>
    public static string ClientDirectory => NpmPeer.CacheDirectory("EDGE_ONVIF_CLIENT", ScriptDirectory, "onvif-client");

    /// <summary>Null when node and the package are there; otherwise what is missing and how to get it.</summary>
    public static string? Missing() => NpmPeer.Missing(ClientDirectory, "onvif", "Onvif/install.sh");

    /// <summary>Runs <c>onvif-check.cjs MODE ARGS...</c>; the exit code, the JSON it printed (null on failure) and its stderr.</summary>
    public static async Task<(int ExitCode, JsonDocument? Json, string Stderr)> RunAsync(params string[] args) =>
        await RunInAsync(null, args);

    /// <summary>As <see cref="RunAsync"/>, inside the network namespace <paramref name="networkNamespace"/> when not null.</summary>
    public static async Task<(int ExitCode, JsonDocument? Json, string Stderr)> RunInAsync(string? networkNamespace, params string[] args)
    {
        if (Missing() is { } missing)
            throw new InvalidOperationException($"The ONVIF test cannot run: it {missing}.");
        string[] node = ["node", Script, ClientDirectory, .. args];
        var run = networkNamespace is null
            ? await ExternalTool.RunAsync(node[0], node[1..], RunLimit)
            : await ExternalTool.RunAsync("ip", ["netns", "exec", networkNamespace, .. node], RunLimit);
        return (run.ExitCode, run.ExitCode == 0 ? JsonDocument.Parse(run.StdoutText) : null, run.Stderr);
    }
}
