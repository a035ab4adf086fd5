using System.Security.Cryptography;

namespace Edge.EndToEnd.Tests.Support;

/// <summary>
/// Where an npm peer of the tests (the browser driver, the ONVIF client) is installed: the
/// directory its install.sh chose, named by an environment variable or else the cache directory
/// keyed by the hash of its package-lock.json.
/// </summary>
internal static class NpmPeer
{
    /// <summary>$<paramref name="variable"/>, or ${XDG_CACHE_HOME:-~/.cache}/edge-tests/PREFIX-HASH as install.sh computes it.</summary>
    public static string CacheDirectory(string variable, string scriptDirectory, string prefix)
    {
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } chosen)
            return chosen;
        var hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(scriptDirectory, "package-lock.json"))))[..16];
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cache, "edge-tests", $"{prefix}-{hash}");
    }

    /// <summary>Null when node and <paramref name="module"/> in <paramref name="clientDirectory"/> are there; otherwise what is missing and how <paramref name="installScript"/> gets it.</summary>
    public static string? Missing(string clientDirectory, string module, string installScript)
    {
        var missing = new List<string>();
        if (!OnPath("node"))
            missing.Add("node");
        if (!File.Exists(Path.Combine(clientDirectory, "node_modules", module, "package.json")))
            missing.Add($"the npm {module} package in {clientDirectory}");
        return missing.Count == 0 ? null : $"needs {string.Join(", ", missing)}: run tests/prerequisites.sh (apt nodejs, then {installScript})";
    }

    public static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Any(directory => File.Exists(Path.Combine(directory, program)));
}
