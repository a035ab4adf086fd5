using System.Diagnostics;
using Edge.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace Edge.EndToEnd.Tests.Daemon;

/// <summary>Start, readiness, watchdog and shutdown, as systemd drives them.</summary>
public sealed class LifecycleTests(ITestOutputHelper output) : IDisposable
{
    private readonly DocumentedConfig _documented = DocumentedConfig.OnLoopback();

    public void Dispose() => _documented.Dispose();

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData(Posix.SIGTERM)]
    [InlineData(Posix.SIGINT)]
    public async Task Run_ReportsReady_ThenStopsCleanlyOnSignal(int signal)
    {
        using var notify = new NotifySocket();
        using var edge = EdgeProcess.Start(["run", "--config", _documented.Path],
            new Dictionary<string, string?> { ["NOTIFY_SOCKET"] = notify.Path });

        var received = await notify.WaitForAsync("READY=1", StartTimeout);
        Assert.Contains(received, m => m.Contains("STATUS=", StringComparison.Ordinal));
        var rssKb = edge.ResidentKilobytes();
        output.WriteLine($"RSS when ready: {rssKb} KiB");

        var stopwatch = Stopwatch.StartNew();
        edge.Signal(signal);
        var stopping = await notify.WaitForAsync("STOPPING=1", StopLimit);
        Assert.True(edge.WaitForExit(StopLimit), $"edge did not exit within {StopLimit}. Output:\n{edge.Output}");
        stopwatch.Stop();

        output.WriteLine($"stopped in {stopwatch.ElapsedMilliseconds} ms");
        Assert.Equal(0, edge.ExitCode);
        Assert.NotEmpty(stopping);
        Assert.Contains("edge stopped", edge.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithoutAnyConfig_FallsBackToDefaults()
    {
        if (File.Exists("/etc/edge/edge.toml"))
            throw new InvalidOperationException("This machine has /etc/edge/edge.toml; the no-config case cannot be tested here.");
        using var notify = new NotifySocket();
        using var edge = EdgeProcess.Start(["run"], new Dictionary<string, string?> { ["NOTIFY_SOCKET"] = notify.Path });

        await notify.WaitForAsync("READY=1", StartTimeout);
        edge.Signal(Posix.SIGTERM);

        Assert.True(edge.WaitForExit(StopLimit), edge.Output);
        Assert.Equal(0, edge.ExitCode);
        Assert.Contains("no config file at /etc/edge/edge.toml; running with the built-in defaults", edge.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_PingsTheWatchdogWhileHealthy()
    {
        using var notify = new NotifySocket();
        using var edge = EdgeProcess.Start(["run", "--config", _documented.Path],
            new Dictionary<string, string?> { ["NOTIFY_SOCKET"] = notify.Path, ["WATCHDOG_USEC"] = "2000000" });

        await notify.WaitForAsync("READY=1", StartTimeout);
        var received = new List<string>();
        await notify.WaitForAsync("WATCHDOG=1", TimeSpan.FromSeconds(5), received);
        await notify.WaitForAsync("WATCHDOG=1", TimeSpan.FromSeconds(5), received);

        edge.Signal(Posix.SIGTERM);
        Assert.True(edge.WaitForExit(StopLimit), edge.Output);
    }

    [Fact]
    public async Task Run_UnderAParentNamedSystemd_UsesTheLibrarysLifetimeAndJournalFormat()
    {
        // Microsoft.Extensions.Hosting.Systemd takes a parent whose command name is "systemd" for
        // systemd. Its lifetime then sends READY=1 and STOPPING=1 (each alone in a datagram, which
        // tells them from edge's own), edge adds the status and the watchdog, and the log has
        // the journal's priority prefixes even without JOURNAL_STREAM.
        using var notify = new NotifySocket();
        using var edge = await EdgeProcess.StartUnderParentNamedAsync("systemd", ["run", "--config", _documented.Path],
            new Dictionary<string, string?> { ["NOTIFY_SOCKET"] = notify.Path, ["WATCHDOG_USEC"] = "2000000" });

        var received = new List<string>();
        await notify.WaitForAsync("READY=1", StartTimeout, received);
        await notify.WaitForAsync("WATCHDOG=1", TimeSpan.FromSeconds(5), received);
        edge.Signal(Posix.SIGTERM);
        Assert.True(edge.WaitForExit(StopLimit), edge.Output);
        received.AddRange(notify.ReceivePending());

        Assert.Equal(0, edge.ExitCode);
        Assert.Single(received, m => m == "READY=1");
        Assert.Single(received, m => m == "STOPPING=1");
        var lines = received.SelectMany(m => m.Split('\n')).ToList();
        Assert.Single(lines, l => l == "READY=1");
        Assert.Single(lines, l => l == "STOPPING=1");
        Assert.Contains(lines, l => l.StartsWith("STATUS=cam: ", StringComparison.Ordinal));
        Assert.Contains("STATUS=stopping", lines);
        Assert.Contains(edge.Output.Split('\n'), l => l.StartsWith("<6>", StringComparison.Ordinal) && l.Contains("starting", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_UnderJournal_WritesSyslogPriorityPrefixes()
    {
        using var notify = new NotifySocket();
        using var edge = EdgeProcess.Start(["run", "--config", _documented.Path],
            new Dictionary<string, string?> { ["NOTIFY_SOCKET"] = notify.Path, ["JOURNAL_STREAM"] = "8:12345" });

        await notify.WaitForAsync("READY=1", StartTimeout);
        edge.Signal(Posix.SIGTERM);
        Assert.True(edge.WaitForExit(StopLimit), edge.Output);

        // <6> is syslog's "info"; journald turns it into the line's priority.
        Assert.Contains(edge.Output.Split('\n'), l => l.StartsWith("<6>", StringComparison.Ordinal) && l.Contains("starting", StringComparison.Ordinal));
        Assert.DoesNotContain("\u001b[", edge.Output, StringComparison.Ordinal);
    }
}
