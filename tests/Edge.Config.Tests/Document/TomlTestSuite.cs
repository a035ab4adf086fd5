namespace Edge.Config.Tests.Document;

/// <summary>
/// Finds the toml-test data (its TOML 1.0.0 cases) beside the repository: ../shared/toml-test from the
/// folder that holds Edge.sln, or the folder named by EDGE_TOML_TEST_DIR when that is set. The
/// data is not in the repository, so tests that need it use <see cref="TomlTestSuiteFactAttribute"/>.
/// </summary>
internal static class TomlTestSuite
{
    public const int ValidCount = 210;
    public const int InvalidCount = 499;

    /// <summary>Where the data should be; null when the repository root itself was not found.</summary>
    public static string? ExpectedDirectory { get; } = FindExpectedDirectory();

    public static bool Exists =>
        ExpectedDirectory is not null
        && Directory.Exists(Path.Combine(ExpectedDirectory, "valid"))
        && Directory.Exists(Path.Combine(ExpectedDirectory, "invalid"));

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string MissingMessage =>
        $"toml-test data not found at {ExpectedDirectory ?? "../shared/toml-test (no Edge.sln above " + AppContext.BaseDirectory + ")"}";

    /// <summary>The data folder, or a test failure saying where it was looked for.</summary>
    public static string RequireDirectory()
    {
        if (!Exists)
            Assert.Fail($"{MissingMessage}. The toml-test suite must run in CI (CI=true); put the data there.");
        return ExpectedDirectory!;
    }

    /// <summary>Every case, valid ones first, each group sorted by name.</summary>
    public static IReadOnlyList<TomlTestCase> LoadCases()
    {
        var root = RequireDirectory();
        var cases = new List<TomlTestCase>();
        foreach (var group in new[] { "valid", "invalid" })
        {
            var folder = Path.Combine(root, group);
            var files = Directory.GetFiles(folder, "*.toml", SearchOption.AllDirectories);
            Array.Sort(files, StringComparer.Ordinal);
            foreach (var file in files)
            {
                var name = Path.GetRelativePath(root, file)[..^".toml".Length].Replace('\\', '/');
                var json = group == "valid" ? Path.ChangeExtension(file, ".json") : null;
                cases.Add(new TomlTestCase(name, file, json));
            }
        }

        return cases;
    }

    private static string? FindExpectedDirectory()
    {
        var configured = Environment.GetEnvironmentVariable("EDGE_TOML_TEST_DIR");
        if (!string.IsNullOrEmpty(configured))
            return Path.GetFullPath(configured);

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Edge.sln")))
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "toml-test"));
        }

        return null;
    }
}

/// <summary>One toml-test case: valid ones have the expected tagged JSON next to the TOML.</summary>
internal sealed record TomlTestCase(string Name, string TomlPath, string? JsonPath)
{
    public bool IsValid => JsonPath is not null;
}
