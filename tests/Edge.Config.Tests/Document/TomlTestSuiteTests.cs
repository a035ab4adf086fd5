using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Edge.Config.Tests.Document;

/// <summary>
/// The official toml-test suite (its TOML 1.0.0 cases: 210 valid, 499 invalid), run twice: in
/// process against <see cref="ConfigDocument"/>, and through the toml-decoder program exactly as
/// toml-test's own runner drives a decoder. Each test lists every failing case with its reason.
/// </summary>
public sealed class TomlTestSuiteTests
{
    /// <summary>
    /// Cases known to fail, with the reason: exactly the documents TOML 1.0.0 forbids and
    /// TOML 1.1.0 allows, which Edge accepts because it reads TOML 1.1 (Tomlyn has no 1.0 mode).
    /// A case listed here that starts passing fails the test, so the list cannot go stale.
    /// </summary>
    private static readonly Dictionary<string, string> KnownFailures = new(StringComparer.Ordinal)
    {
        ["invalid/datetime/no-secs"] = "TOML 1.1 allows a time without seconds",
        ["invalid/local-datetime/no-secs"] = "TOML 1.1 allows a time without seconds",
        ["invalid/local-time/no-secs"] = "TOML 1.1 allows a time without seconds",
        ["invalid/inline-table/linebreak-01"] = "TOML 1.1 allows newlines in an inline table",
        ["invalid/inline-table/linebreak-02"] = "TOML 1.1 allows newlines in an inline table",
        ["invalid/inline-table/linebreak-03"] = "TOML 1.1 allows newlines in an inline table",
        ["invalid/inline-table/linebreak-04"] = "TOML 1.1 allows newlines in an inline table",
        ["invalid/inline-table/trailing-comma"] = "TOML 1.1 allows a trailing comma in an inline table",
        ["invalid/string/basic-byte-escapes"] = "TOML 1.1 adds the \\xHH escape",
    };

    private static readonly TimeSpan DecoderTimeout = TimeSpan.FromSeconds(60);

    [TomlTestSuiteFact]
    public void Suite_HasAllCases()
    {
        var cases = TomlTestSuite.LoadCases();
        Assert.Equal(TomlTestSuite.ValidCount, cases.Count(c => c.IsValid));
        Assert.Equal(TomlTestSuite.InvalidCount, cases.Count(c => !c.IsValid));
    }

    /// <summary>
    /// The suite's own lists say which cases belong to which TOML version: every case Edge may
    /// fail must be one that TOML 1.0.0 has and TOML 1.1.0 does not.
    /// </summary>
    [TomlTestSuiteFact]
    public void KnownFailures_AreCasesThatTomlOneOneDropped()
    {
        var root = TomlTestSuite.RequireDirectory();
        var inOneZero = File.ReadAllLines(Path.Combine(root, "files-toml-1.0.0")).ToHashSet(StringComparer.Ordinal);
        var inOneOne = File.ReadAllLines(Path.Combine(root, "files-toml-1.1.0")).ToHashSet(StringComparer.Ordinal);

        foreach (var name in KnownFailures.Keys)
        {
            Assert.Contains(name + ".toml", inOneZero);
            Assert.DoesNotContain(name + ".toml", inOneOne);
        }
    }

    [TomlTestSuiteFact]
    public void Suite_InProcess_AllCasesPass()
    {
        var cases = TomlTestSuite.LoadCases();
        var failures = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        foreach (var testCase in cases)
        {
            var problem = RunInProcess(testCase);
            if (problem is not null)
                failures[testCase.Name] = problem;
        }

        Report(cases, failures);
    }

    [TomlTestSuiteFact]
    public void Suite_ThroughDecoderProcess_AllCasesPass()
    {
        var cases = TomlTestSuite.LoadCases();
        var decoder = Path.Combine(AppContext.BaseDirectory, "toml-decoder.dll");
        Assert.True(File.Exists(decoder), $"toml-decoder.dll not found next to the tests ({decoder}); is the ProjectReference to TomlDecoder in place?");
        var host = FindDotnetHost();

        var failures = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);

        // Each case is a process start (~0.1 s of CPU); a few at a time keeps two cores busy.
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(4, Environment.ProcessorCount) };
        Parallel.ForEach(cases, options, testCase =>
        {
            var problem = RunThroughDecoder(host, decoder, testCase);
            if (problem is not null)
                failures[testCase.Name] = problem;
        });

        Report(cases, failures);
    }

    private static string? RunInProcess(TomlTestCase testCase)
    {
        var bytes = File.ReadAllBytes(testCase.TomlPath);
        ConfigTable document;
        try
        {
            document = ConfigDocument.Parse(bytes, Path.GetFileName(testCase.TomlPath));
        }
        catch (ConfigException e)
        {
            return testCase.IsValid ? $"rejected a valid document: {e.Message}" : null;
        }
        catch (Exception e)
        {
            return $"crashed: {e.GetType().Name}: {e.Message}";
        }

        if (!testCase.IsValid)
            return "accepted an invalid document";
        using var expected = JsonDocument.Parse(File.ReadAllBytes(testCase.JsonPath!));
        return TaggedJsonComparer.Compare(expected.RootElement, document);
    }

    private static string? RunThroughDecoder(string host, string decoder, TomlTestCase testCase)
    {
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(decoder);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {host}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using (var stdin = process.StandardInput.BaseStream)
            stdin.Write(File.ReadAllBytes(testCase.TomlPath));

        if (!process.WaitForExit(DecoderTimeout))
        {
            process.Kill();
            return $"decoder did not finish within {DecoderTimeout.TotalSeconds} s";
        }

        process.WaitForExit();
        var output = stdout.GetAwaiter().GetResult();
        var error = stderr.GetAwaiter().GetResult().Trim();

        if (!testCase.IsValid)
        {
            return process.ExitCode switch
            {
                1 when error.Length > 0 => null,
                1 => "rejected, but printed no error",
                0 => "accepted an invalid document",
                _ => $"decoder crashed (exit {process.ExitCode}): {error}",
            };
        }

        if (process.ExitCode != 0)
            return $"rejected a valid document (exit {process.ExitCode}): {error}";
        try
        {
            using var actual = JsonDocument.Parse(output);
            using var expected = JsonDocument.Parse(File.ReadAllBytes(testCase.JsonPath!));
            return TaggedJsonComparer.Compare(expected.RootElement, actual.RootElement);
        }
        catch (JsonException e)
        {
            return $"decoder wrote invalid JSON: {e.Message}";
        }
    }

    private static void Report(IReadOnlyList<TomlTestCase> cases, ConcurrentDictionary<string, string> failures)
    {
        var validFailed = cases.Count(c => c.IsValid && failures.ContainsKey(c.Name));
        var invalidFailed = cases.Count(c => !c.IsValid && failures.ContainsKey(c.Name));
        var validTotal = cases.Count(c => c.IsValid);
        var invalidTotal = cases.Count - validTotal;

        var unexpected = failures.Where(f => !KnownFailures.ContainsKey(f.Key)).OrderBy(f => f.Key, StringComparer.Ordinal).ToList();
        var stale = KnownFailures.Keys.Where(k => !failures.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        if (unexpected.Count == 0 && stale.Count == 0)
            return;

        var report = new StringBuilder()
            .AppendLine(System.Globalization.CultureInfo.InvariantCulture,
                $"toml-test: valid {validTotal - validFailed}/{validTotal}, invalid {invalidTotal - invalidFailed}/{invalidTotal}");
        foreach (var (name, reason) in unexpected)
            report.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"  {name}: {reason}");
        foreach (var name in stale)
            report.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"  {name}: passes now; remove it from KnownFailures");
        Assert.Fail(report.ToString());
    }

    /// <summary>
    /// The dotnet host that runs the decoder: the one the SDK names in DOTNET_HOST_PATH, else the
    /// one running these tests, else "dotnet" on PATH.
    /// </summary>
    private static string FindDotnetHost()
    {
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
            return fromSdk;
        var current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet")
            return current;
        return "dotnet";
    }
}
