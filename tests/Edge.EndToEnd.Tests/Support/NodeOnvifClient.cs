using System.Text.Json;

namespace Edge.EndToEnd.Tests.Support;

/// <summary>
/// The npm node-onvif package (0.1.7), a second ONVIF client written apart from the npm onvif
/// package, run by <c>NodeOnvif/node-onvif-check.cjs</c> under node, with a time limit. Installed
/// by <c>NodeOnvif/install.sh</c> (run by tests/prerequisites.sh) into a cache directory keyed by
/// the lock file, found here the same way.
/// </summary>
internal static class NodeOnvifClient
{
    private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(60);

    public static string ScriptDirectory => EdgeBinary.RepoFile("tests", "Edge.EndToEnd.Tests", "NodeOnvif");

    /// <summary>Where install.sh puts the package: $EDGE_NODE_ONVIF_CLIENT, or the cache directory named after the lock file's hash.</summary>
    public static string ClientDirectory => NpmPeer.CacheDirectory("EDGE_NODE_ONVIF_CLIENT", ScriptDirectory, "node-onvif-client");

    /// <summary>Null when node and the package are there; otherwise what is missing and how to get it.</summary>
    public static string? Missing() => NpmPeer.Missing(ClientDirectory, "node-onvif", "NodeOnvif/install.sh");

    /// <summary>Runs <c>node-onvif-check.cjs XADDR [USER PASSWORD]</c>; the exit code, the JSON it printed (null on failure) and its stderr.</summary>
    public static async Task<(int ExitCode, JsonDocument? Json, string Stderr)> RunAsync(string deviceXAddr, string? user = null, string? password = null)
    {
        if (Missing() is { } missing)
            throw new InvalidOperationException($"The node-onvif test cannot run: it {missing}.");
        string[] args = user is null ? [deviceXAddr] : [deviceXAddr, user, password ?? ""];
        var run = await ExternalTool.RunAsync("node", [Path.Combine(ScriptDirectory, "node-onvif-check.cjs"), ClientDirectory, .. args], RunLimit);
        return (run.ExitCode, run.ExitCode == 0 ? JsonDocument.Parse(run.StdoutText) : null, run.Stderr);
    }
}
