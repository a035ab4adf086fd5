using System.Diagnostics;
using System.Globalization;
using Edge.Video.V4l2;
using Xunit.Abstractions;

namespace Edge.Video.Tests.V4l2;

/// <summary>
/// A test against the Linux kernel's own V4L2 drivers (vivid, vicodec), which only exist inside the
/// emulated board: it runs when the scenario scripts (tests/EmulatedBoard/scenarios/v4l2-*.sh)
/// name the device in <paramref name="variable"/>, and is skipped everywhere else.
/// </summary>
public sealed class KernelFactAttribute : FactAttribute
{
    public KernelFactAttribute(string variable, params string[] alsoNeeds)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(variable)))
            Skip = $"needs a V4L2 device of the emulated board: {variable} is set by tests/EmulatedBoard/scenarios/v4l2-*.sh";
        else if (alsoNeeds.FirstOrDefault(v => string.IsNullOrEmpty(Environment.GetEnvironmentVariable(v))) is { } missing)
            Skip = $"needs {missing} as well (set by tests/EmulatedBoard/scenarios/v4l2-*.sh)";
    }
}

/// <summary>Environment and helpers shared by the kernel tests.</summary>
internal static class Kernel
{
    /// <summary>The vivid capture node.</summary>
    public const string CaptureVariable = "EDGE_V4L2_CAPTURE";

    /// <summary>The vicodec stateful encoder node.</summary>
    public const string EncoderVariable = "EDGE_V4L2_ENCODER";

    /// <summary>The vicodec stateful decoder node.</summary>
    public const string DecoderVariable = "EDGE_V4L2_DECODER";

    /// <summary>A shell command that unloads and reloads vivid; must fail when something still holds it.</summary>
    public const string ReloadVariable = "EDGE_V4L2_RELOAD_CAPTURE";

    /// <summary>A file the tests append result lines to, for the scenario script to check and print.</summary>
    public const string ReportVariable = "EDGE_V4L2_REPORT";

    private static readonly Lock ReportLock = new();

    public static string CaptureDevice => Environment.GetEnvironmentVariable(CaptureVariable) ?? "";

    public static string EncoderDevice => Environment.GetEnvironmentVariable(EncoderVariable) ?? "";

    public static string DecoderDevice => Environment.GetEnvironmentVariable(DecoderVariable) ?? "";

    /// <summary>True when the scenario loaded the drivers with their multi-planar API.</summary>
    public static bool ExpectMultiPlanar => Environment.GetEnvironmentVariable("EDGE_V4L2_EXPECT_MPLANE") == "1";

    /// <summary>Writes a result line to the test output and the report file.</summary>
    public static void Report(ITestOutputHelper output, string line)
    {
        output.WriteLine(line);
        var file = Environment.GetEnvironmentVariable(ReportVariable);
        if (string.IsNullOrEmpty(file))
            return;
        lock (ReportLock)
            File.AppendAllText(file, line + "\n");
    }

    /// <summary>Sets a control found by its name (as the driver spells it) on a second handle to the device.</summary>
    public static void SetControl(string devicePath, string name, int value)
    {
        using var device = V4l2Device.Open(devicePath);
        var control = device.EnumerateControls().FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"{devicePath} has no control named \"{name}\"");
        var errno = device.TrySetControl(control.Id, value);
        if (errno != 0)
            throw new InvalidOperationException($"{devicePath}: setting \"{name}\" to {value} failed with errno {errno}");
    }

    /// <summary>Descriptors and mappings this process holds on <paramref name="devicePath"/>.</summary>
    public static (int Descriptors, int Mappings) HeldBy(string devicePath)
    {
        var descriptors = 0;
        foreach (var fd in Directory.GetFiles("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget == devicePath)
                    descriptors++;
            }
            catch (IOException)
            {
                // closed while we looked
            }
        }

        var mappings = File.ReadAllLines("/proc/self/maps").Count(l => l.EndsWith(" " + devicePath, StringComparison.Ordinal));
        return (descriptors, mappings);
    }

    /// <summary>The node whose sysfs name is <paramref name="name"/> (e.g. vivid-000-vid-cap), waiting for it to appear.</summary>
    public static string FindNode(string name, TimeSpan wait)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(wait.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            foreach (var dir in Directory.Exists("/sys/class/video4linux") ? Directory.GetDirectories("/sys/class/video4linux") : [])
            {
                var file = Path.Combine(dir, "name");
                if (File.Exists(file) && File.ReadAllText(file).Trim() == name && File.Exists("/dev/" + Path.GetFileName(dir)))
                    return "/dev/" + Path.GetFileName(dir);
            }

            if (Stopwatch.GetTimestamp() > deadline)
                throw new TimeoutException($"no video node named {name} appeared within {wait.TotalSeconds} s");
            Thread.Sleep(100);
        }
    }

    /// <summary>The sysfs name of a node.</summary>
    public static string NodeName(string devicePath) =>
        File.ReadAllText($"/sys/class/video4linux/{Path.GetFileName(devicePath)}/name").Trim();

    /// <summary>Runs a shell command; returns its exit code and output.</summary>
    public static (int ExitCode, string Output) Shell(string command, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("sh did not start");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"timed out after {timeout.TotalSeconds} s");
        }

        return (process.ExitCode, stdout + stderr.GetAwaiter().GetResult());
    }

    public static string Rate(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
}
