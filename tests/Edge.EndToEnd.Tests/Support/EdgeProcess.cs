using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Edge.EndToEnd.Tests.Support;

/// <summary>
/// A running edge process with its output collected (bounded), started the way systemd or a
/// user would start it. Disposing kills it if a test forgot to stop it.
/// </summary>
internal sealed class EdgeProcess : IDisposable
{
    private const int MaxLines = 5000;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly string? _parentDirectory;
    private int? _edgeId;

    private EdgeProcess(Process process, string? parentDirectory = null)
    {
        _process = process;
        _parentDirectory = parentDirectory;
        _process.OutputDataReceived += (_, e) => Collect(e.Data);
        _process.ErrorDataReceived += (_, e) => Collect(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>edge's process id (not its parent's, when started under one).</summary>
    public int Id => _edgeId ?? _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the process wrote to stdout and stderr so far, interleaved by line.</summary>
    public string Output => string.Join('\n', _lines);

    public static EdgeProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null) =>
        StartProgram(EdgeBinary.Path, args, environment, workingDirectory);

    /// <summary>
    /// Starts <paramref name="program"/>, which ends up exec-ing edge under its own PID (a script
    /// that builds and runs it, as README's run command does), collecting its output.
    /// </summary>
    public static EdgeProcess StartProgram(string program, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        // Through env(1), which resets SIGINT to its default and then execs the program (same
        // PID): a test runner started in the background of a shell inherits SIGINT ignored, the
        // ignored disposition survives exec, and .NET then leaves it ignored, so a Ctrl-C test
        // would test the shell instead of edge. systemd starts services with default dispositions.
        var info = StartInfo("/usr/bin/env", environment, workingDirectory);
        info.ArgumentList.Add("--default-signal=INT");
        info.ArgumentList.Add(program);
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
        return new EdgeProcess(process);
    }

    /// <summary>
    /// Starts edge inside the network namespace <paramref name="networkNamespace"/> (made by the
    /// test with <c>ip netns add</c>): <c>ip netns exec</c> and env(1) both exec, so
    /// <see cref="Id"/> is edge's own.
    /// </summary>
    public static EdgeProcess StartInNetworkNamespace(string networkNamespace, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var info = StartInfo("ip", environment, workingDirectory: null);
        foreach (var arg in (string[])["netns", "exec", networkNamespace, "/usr/bin/env", "--default-signal=INT", EdgeBinary.Path])
            info.ArgumentList.Add(arg);
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        var process = Process.Start(info) ?? throw new InvalidOperationException("edge did not start");
        return new EdgeProcess(process);
    }

    /// <summary>
    /// Starts edge as the child of a process whose command name (/proc/PID/comm) is
    /// <paramref name="parentName"/>: a copy of /bin/sh under that name, which starts edge, waits
    /// for it and exits with its code. <see cref="Id"/> and <see cref="Signal"/> are edge's own.
    /// </summary>
    public static async Task<EdgeProcess> StartUnderParentNamedAsync(string parentName, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var directory = Directory.CreateTempSubdirectory("edge-e2e-parent-").FullName;
        var parent = System.IO.Path.Combine(directory, parentName);
        File.Copy("/bin/sh", parent);
        var info = StartInfo(parent, environment, workingDirectory: null);
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("\"$0\" \"$@\" & echo \"edge pid $!\"; wait $!");
        info.ArgumentList.Add(EdgeBinary.Path);
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"{parent} did not start");
        var edge = new EdgeProcess(process, directory);
        try
        {
            await edge.WaitForOutputAsync("edge pid ", TimeSpan.FromSeconds(10));
            var line = edge._lines.First(l => l.StartsWith("edge pid ", StringComparison.Ordinal));
            edge._edgeId = int.Parse(line["edge pid ".Length..], System.Globalization.CultureInfo.InvariantCulture);
            return edge;
        }
        catch
        {
            edge.Dispose();
            throw;
        }
    }

    private static ProcessStartInfo StartInfo(string executable, IReadOnlyDictionary<string, string?>? environment, string? workingDirectory)
    {
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        // A test must not inherit a real systemd's variables from whoever runs it.
        foreach (var name in new[] { "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "JOURNAL_STREAM", "INVOCATION_ID" })
            info.Environment.Remove(name);
        if (environment is not null)
        {
            foreach (var (name, value) in environment)
                info.Environment[name] = value;
        }
        return info;
    }

    /// <summary>Runs edge to completion (bounded) and returns its exit code and output.</summary>
    public static (int ExitCode, string Output) Run(params string[] args)
    {
        using var process = Start(args);
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            throw new TimeoutException($"edge {string.Join(' ', args)} did not exit within 30 s. Output:\n{process.Output}");
        return (process.ExitCode, process.Output);
    }

    public void Signal(int signal) => Posix.Signal(Id, signal);

    /// <summary>Waits (bounded) until the output contains <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"edge did not print \"{text}\" within {timeout.TotalSeconds:0} s. Output:\n{Output}");
            await Task.Delay(100);
        }
    }

    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
            return false;
        _process.WaitForExit(); // drains the asynchronous output readers
        return true;
    }

    /// <summary>Resident memory in KiB, from /proc (VmRSS).</summary>
    public long ResidentKilobytes()
    {
        foreach (var line in File.ReadLines($"/proc/{Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line["VmRSS:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }
        throw new InvalidOperationException("VmRSS not found");
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
        if (_parentDirectory is not null)
            Directory.Delete(_parentDirectory, recursive: true);
    }

    private void Collect(string? line)
    {
        if (line is null)
            return;
        _lines.Enqueue(line);
        while (_lines.Count > MaxLines)
            _lines.TryDequeue(out _);
    }
}
