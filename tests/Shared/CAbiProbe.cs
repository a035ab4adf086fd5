using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Edge.Tests.Shared;

/// <summary>The C ABIs Edge ships for, each compiled with Debian's (cross) gcc.</summary>
public enum CAbi
{
    /// <summary>amd64, native gcc.</summary>
    X86_64,

    /// <summary>arm64, aarch64-linux-gnu-gcc.</summary>
    Arm64,

    /// <summary>armhf with 32-bit time_t (Debian 12, Raspberry Pi OS bookworm).</summary>
    ArmhfTime32,

    /// <summary>armhf with 64-bit time_t (Debian 13's default flags).</summary>
    ArmhfTime64,
}

/// <summary>
/// Asks a C compiler what the kernel headers say: sizes, offsets and ioctl numbers, evaluated
/// for a target ABI. The expressions are compiled (never run) into a table of 32-bit constants
/// and read back from the generated assembly, so cross targets need only Debian's cross
/// compilers, not an emulator. Results are cached per ABI and source.
/// </summary>
public static partial class CAbiProbe
{
    private static readonly Dictionary<string, IReadOnlyList<long>> Cache = new(StringComparer.Ordinal);
    private static readonly Lock CacheLock = new();

    /// <summary>All four ABIs, for theories.</summary>
    public static TheoryData<CAbi> AllAbis => new() { CAbi.X86_64, CAbi.Arm64, CAbi.ArmhfTime32, CAbi.ArmhfTime64 };

    /// <summary>The compiler that targets <paramref name="abi"/>.</summary>
    public static string CompilerFor(CAbi abi) => abi switch
    {
        CAbi.X86_64 => "gcc",
        CAbi.Arm64 => "aarch64-linux-gnu-gcc",
        _ => "arm-linux-gnueabihf-gcc",
    };

    /// <summary>True for the 64-bit ABIs.</summary>
    public static bool Is64Bit(CAbi abi) => abi is CAbi.X86_64 or CAbi.Arm64;

    /// <summary>
    /// Evaluates each C constant expression (e.g. <c>sizeof(struct v4l2_buffer)</c>,
    /// <c>offsetof(struct v4l2_buffer, m)</c>, <c>VIDIOC_DQBUF</c>) for the ABI, with the
    /// given includes. Values are returned as unsigned 32-bit numbers.
    /// </summary>
    public static IReadOnlyList<long> Evaluate(CAbi abi, IEnumerable<string> includes, IReadOnlyList<string> expressions)
    {
        var source = new StringBuilder();
        source.AppendLine("#include <stddef.h>");
        foreach (var include in includes)
            source.Append("#include <").Append(include).AppendLine(">");
        source.AppendLine("const unsigned int edge_probe_values[] = {");
        foreach (var expression in expressions)
            source.Append("  (unsigned int)(").Append(expression).AppendLine("),");
        source.AppendLine("};");
        var text = source.ToString();

        var key = abi + "\n" + text;
        lock (CacheLock)
        {
            if (Cache.TryGetValue(key, out var cached))
                return cached;
        }

        var values = Compile(abi, text, expressions.Count);
        lock (CacheLock)
            Cache[key] = values;
        return values;
    }

    /// <summary>Evaluates expressions and returns them keyed by the expression text.</summary>
    public static IReadOnlyDictionary<string, long> EvaluateNamed(CAbi abi, IEnumerable<string> includes, IReadOnlyList<string> expressions)
    {
        var values = Evaluate(abi, includes, expressions);
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < expressions.Count; i++)
            result[expressions[i]] = values[i];
        return result;
    }

    private static List<long> Compile(CAbi abi, string source, int count)
    {
        var directory = Directory.CreateTempSubdirectory("edge-abi-");
        try
        {
            var file = Path.Combine(directory.FullName, "probe.c");
            File.WriteAllText(file, source);
            var start = new ProcessStartInfo(CompilerFor(abi))
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { "-S", "-O0", "-o", "-", file })
                start.ArgumentList.Add(argument);
            if (abi == CAbi.ArmhfTime64)
            {
                start.ArgumentList.Add("-D_TIME_BITS=64");
                start.ArgumentList.Add("-D_FILE_OFFSET_BITS=64");
            }

            Process process;
            try
            {
                process = Process.Start(start) ?? throw new InvalidOperationException("no process");
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new InvalidOperationException(
                    $"{CompilerFor(abi)} is not installed; run tests/prerequisites.sh (it installs Debian's cross compilers) ({e.Message})", e);
            }

            using (process)
            {
                var errors = process.StandardError.ReadToEndAsync();
                var assembly = process.StandardOutput.ReadToEnd();
                if (!process.WaitForExit(60_000))
                {
                    process.Kill(entireProcessTree: true);
                    throw new TimeoutException($"{CompilerFor(abi)} did not finish in 60 s");
                }
                if (process.ExitCode != 0)
                    throw new InvalidOperationException($"{CompilerFor(abi)} failed for {abi}:\n{errors.Result}\n{source}");
                return ParseTable(assembly, count, abi);
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static List<long> ParseTable(string assembly, int count, CAbi abi)
    {
        var values = new List<long>(count);
        var inTable = false;
        foreach (var rawLine in assembly.Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.StartsWith("edge_probe_values:", StringComparison.Ordinal))
            {
                inTable = true;
                continue;
            }
            if (!inTable)
                continue;
            var match = ConstantLine().Match(line);
            if (!match.Success)
            {
                if (values.Count > 0 || line.StartsWith(".size", StringComparison.Ordinal))
                    break;
                continue;
            }
            var value = long.Parse(match.Groups[1].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            values.Add(value & 0xFFFF_FFFF);
        }
        if (values.Count != count)
            throw new InvalidOperationException($"expected {count} values in the {abi} assembly, read {values.Count}:\n{assembly}");
        return values;
    }

    [GeneratedRegex(@"^\.(?:long|word|4byte)\s+(-?\d+)$")]
    private static partial Regex ConstantLine();
}
