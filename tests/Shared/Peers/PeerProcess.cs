using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Edge.Tests.Shared.Peers;

/// <summary>
/// A real peer (nginx, stunnel, ffmpeg) run by a test: its output is collected (bounded), and
/// disposing kills it with its whole process tree, so no test leaves a server behind.
/// </summary>
public sealed class PeerProcess : IDisposable
{
    private const int MaxLines = 2000;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private PeerProcess(string name, Process process)
    {
        Name = name;
        _process = process;
        _process.OutputDataReceived += (_, e) => Collect(e.Data);
        _process.ErrorDataReceived += (_, e) => Collect(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The tool's name, for messages.</summary>
    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the peer wrote to stdout and stderr so far, by line.</summary>
    public string Output => string.Join('\n', _lines);

    /// <summary>Starts <paramref name="tool"/> with <paramref name="args"/> (no shell).</summary>
    public static PeerProcess Start(string tool, IEnumerable<string> args, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"{tool} did not start");
        process.StandardInput.Close();
        return new PeerProcess(Path.GetFileName(tool), process);
    }

    /// <summary>Waits for the peer to exit by itself; false when it is still running after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Kills the peer and its children at once (SIGKILL) and waits until they are gone.</summary>
    public void Kill()
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
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
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
