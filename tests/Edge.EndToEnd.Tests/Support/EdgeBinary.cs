using System.Reflection;

namespace Edge.EndToEnd.Tests.Support;

/// <summary>Where the edge executable under test and the repository are.</summary>
internal static class EdgeBinary
{
    /// <summary>The binary: $EDGE_BINARY when set, otherwise the NativeAOT build published by this project's build.</summary>
    public static string Path
    {
        get
        {
            var overridePath = Environment.GetEnvironmentVariable("EDGE_BINARY");
            var path = string.IsNullOrEmpty(overridePath) ? Metadata("EdgeNativeBinary") : overridePath;
            if (!File.Exists(path))
                throw new FileNotFoundException($"The edge binary under test is missing at {path}; build this test project (it publishes edge) or set EDGE_BINARY.", path);
            return path;
        }
    }

    public static string RepoRoot => Metadata("EdgeRepoRoot");

    public static string RepoFile(params string[] parts) => System.IO.Path.Combine([RepoRoot, .. parts]);

    private static string Metadata(string key) =>
        typeof(EdgeBinary).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"Assembly metadata {key} is missing.");
}
