namespace Edge.EndToEnd.Tests.Support;

/// <summary>A running edge daemon with a config of the test's making, on free loopback ports.</summary>
internal sealed class EdgeServer : IAsyncDisposable
{
    private readonly string _configPath;
    private readonly NotifySocket _notify;

    private EdgeServer(string configPath, NotifySocket notify, EdgeProcess process, int rtspPort)
    {
        _configPath = configPath;
        _notify = notify;
        Process = process;
        RtspPort = rtspPort;
    }

    public EdgeProcess Process { get; }

    /// <summary>The config file edge runs with, which a reload test rewrites.</summary>
    public string ConfigPath => _configPath;

    /// <summary>The socket edge sends sd_notify messages to; READY=1 has been received from it.</summary>
    public NotifySocket Notify => _notify;

    public int RtspPort { get; }

    public string Url(string path) => $"rtsp://127.0.0.1:{RtspPort}/{path}";

    /// <summary>
    /// Frame slots the test pattern itself skipped or dropped so far, from its own log line (it
    /// reports at most once a second when it falls behind on a starved machine). Clients cannot
    /// receive numbers that were never made, so pull checks allow for these.
    /// </summary>
    public long SourceLoss
    {
        get
        {
            long worst = 0;
            foreach (System.Text.RegularExpressions.Match match in System.Text.RegularExpressions.Regex.Matches(
                Process.Output, @"Test pattern behind: (\d+) frame slots skipped .*?, (\d+) dropped"))
            {
                worst = Math.Max(worst, long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
                    + long.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
            return worst;
        }
    }

    /// <summary>
    /// Starts edge with <paramref name="cameras"/> (TOML for the camera tables, and an
    /// <c>[http]</c> table when the test wants its own; otherwise the status page goes on a free
    /// port) and extra rtsp keys, and waits until it reported READY.
    /// </summary>
    public static async Task<EdgeServer> StartAsync(string cameras, string rtspExtra = "")
    {
        var rtspPort = Ports.NextPair();
        var udpPort = Ports.NextPair();
        var multicastPort = Ports.NextPair();
        var config = $"""
            [rtsp]
            listen = "127.0.0.1:{rtspPort}"
            udp_rtp_port = {udpPort}
            multicast_port = {multicastPort}
            {rtspExtra}
            {cameras}
            {(cameras.Contains("[http]", StringComparison.Ordinal) ? "" : $"[http]\nlisten = \"127.0.0.1:{Ports.NextPair()}\"")}
            [log]
            level = "debug"
            """;
        var path = Path.Combine(Path.GetTempPath(), $"edge-e2e-{Guid.NewGuid():N}.toml");
        await File.WriteAllTextAsync(path, config);
        var notify = new NotifySocket();
        var process = EdgeProcess.Start(["run", "--config", path], new Dictionary<string, string?> { ["NOTIFY_SOCKET"] = notify.Path });
        try
        {
            await notify.WaitForAsync("READY=1", TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException e)
        {
            process.Dispose();
            throw new TimeoutException($"{e.Message}\nedge output:\n{process.Output}", e);
        }
        return new EdgeServer(path, notify, process, rtspPort);
    }

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
        {
            Process.Signal(Posix.SIGTERM);
            await Task.Run(() => Process.WaitForExit(TimeSpan.FromSeconds(5)));
        }
        Process.Dispose();
        _notify.Dispose();
        File.Delete(_configPath);
    }
}
