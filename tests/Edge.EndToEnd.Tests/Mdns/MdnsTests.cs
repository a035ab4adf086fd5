using Edge.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace Edge.EndToEnd.Tests.Mdns;

/// <summary>
/// The real binary announcing itself through a real avahi-daemon on a system bus of the test's
/// own (<see cref="PrivateAvahi"/>), checked with avahi's own avahi-browse: each camera as
/// <c>_rtsp._tcp</c> with its port and path, the page as <c>_http._tcp</c>; a reload that renames
/// a camera and moves the port; a name another program holds; the services gone when edge
/// stops; and edge without avahi, or without any bus.
/// </summary>
public sealed class MdnsTests(ITestOutputHelper output)
{
    private const string Host = PrivateAvahi.HostName;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static string Config(int rtspPort, string secondCamera) => $"""
        [rtsp]
        listen = "0.0.0.0:{rtspPort}"
        auth = "digest"
        [[rtsp.users]]
        name = "viewer"
        password = "mdns-e2e-pw"
        [camera.front]
        source = "test"
        width = 320
        height = 240
        fps = 5
        [camera.{secondCamera}]
        source = "test"
        width = 320
        height = 240
        fps = 5
        [http]
        listen = "0.0.0.0:8081"
        [log]
        level = "debug"
        """;

    [AvahiFact]
    public async Task Both_cameras_and_the_page_are_browsed_with_their_ports_and_paths_a_reload_updates_them_and_a_stop_withdraws_them()
    {
        using var avahi = await PrivateAvahi.StartAsync();
        var config = Path.Combine(Path.GetTempPath(), $"edge-e2e-mdns-{Guid.NewGuid():N}.toml");
        await File.WriteAllTextAsync(config, Config(9554, "back"));
        using var notify = new NotifySocket();
        using var edge = StartEdge(avahi, config, notify);
        try
        {
            await notify.WaitForAsync("READY=1", Bound);
            await edge.WaitForOutputAsync("mDNS: announced", Bound);
            var rtsp = await avahi.BrowseUntilAsync("_rtsp._tcp", s => s.Count == 2, Bound, () => edge.Output);
            output.WriteLine(string.Join('\n', rtsp));
            Assert.Equal(
                [new BrowsedService($"Edge back on {Host}", $"{Host}.local", 9554, "\"path=/back\""), new BrowsedService($"Edge front on {Host}", $"{Host}.local", 9554, "\"path=/front\"")],
                rtsp);
            var page = Assert.Single(await avahi.BrowseAsync("_http._tcp"));
            Assert.Equal(new BrowsedService($"Edge on {Host}", $"{Host}.local", 8081, "\"path=/\""), page);

            // A camera renamed and the RTSP port moved: browsers see the new set, and nothing of the old.
            await File.WriteAllTextAsync(config, Config(9555, "side"));
            edge.Signal(Posix.SIGHUP);
            await edge.WaitForOutputAsync("reload applied", Bound);
            rtsp = await avahi.BrowseUntilAsync("_rtsp._tcp", s => s.Count == 2 && s.All(x => x.Port == 9555), Bound, () => edge.Output);
            Assert.Equal(
                [new BrowsedService($"Edge front on {Host}", $"{Host}.local", 9555, "\"path=/front\""), new BrowsedService($"Edge side on {Host}", $"{Host}.local", 9555, "\"path=/side\"")],
                rtsp);
            Assert.Single(await avahi.BrowseAsync("_http._tcp"));

            // Stopped: the services go with it.
            edge.Signal(Posix.SIGTERM);
            Assert.True(edge.WaitForExit(TimeSpan.FromSeconds(10)), "edge did not stop");
            Assert.Equal(0, edge.ExitCode);
            await avahi.BrowseUntilAsync("_rtsp._tcp", s => s.Count == 0, TimeSpan.FromSeconds(10), () => edge.Output);
            Assert.Empty(await avahi.BrowseAsync("_http._tcp"));
        }
        finally
        {
            if (!edge.HasExited)
                edge.Signal(Posix.SIGKILL);
            File.Delete(config);
        }
    }

    [AvahiFact]
    public async Task A_name_another_program_announces_makes_edge_take_avahis_alternative()
    {
        using var avahi = await PrivateAvahi.StartAsync();
        using var other = avahi.Publish($"Edge front on {Host}", "_rtsp._tcp", 554);
        await avahi.BrowseUntilAsync("_rtsp._tcp", s => s.Count == 1, Bound, () => other.Output);

        var config = Path.Combine(Path.GetTempPath(), $"edge-e2e-mdns-{Guid.NewGuid():N}.toml");
        await File.WriteAllTextAsync(config, Config(9554, "back"));
        using var edge = StartEdge(avahi, config);
        try
        {
            await edge.WaitForOutputAsync("mDNS: announced", Bound);
            var rtsp = await avahi.BrowseUntilAsync("_rtsp._tcp", s => s.Count == 3, Bound, () => edge.Output);
            output.WriteLine(string.Join('\n', rtsp));
            Assert.Contains(new BrowsedService($"Edge front on {Host}", $"{Host}.local", 554, ""), rtsp);
            Assert.Contains(new BrowsedService($"Edge front on {Host} #2", $"{Host}.local", 9554, "\"path=/front\""), rtsp);
            Assert.Contains(new BrowsedService($"Edge back on {Host}", $"{Host}.local", 9554, "\"path=/back\""), rtsp);
            Assert.Contains($"mDNS: the name \"Edge front on {Host}\" is taken", edge.Output, StringComparison.Ordinal);
        }
        finally
        {
            edge.Signal(Posix.SIGKILL);
            File.Delete(config);
        }
    }

    [AvahiFact]
    public async Task Without_avahi_edge_streams_says_so_once_and_announces_when_avahi_starts()
    {
        using var avahi = await PrivateAvahi.StartAsync(withAvahi: false);
        var config = Path.Combine(Path.GetTempPath(), $"edge-e2e-mdns-{Guid.NewGuid():N}.toml");
        await File.WriteAllTextAsync(config, Config(9554, "back"));
        using var notify = new NotifySocket();
        using var edge = StartEdge(avahi, config, notify);
        try
        {
            await notify.WaitForAsync("READY=1", Bound);
            await edge.WaitForOutputAsync("mDNS: not announced: avahi-daemon is not running", Bound);

            // avahi-daemon appears on the bus: edge announces at once, without having polled.
            await avahi.StartAvahiAsync();
            await edge.WaitForOutputAsync("mDNS: announced", Bound);
            await avahi.BrowseUntilAsync("_rtsp._tcp", s => s.Count == 2, Bound, () => edge.Output);

            // It goes and comes back: edge says so once and announces again.
            avahi.StopAvahi();
            await edge.WaitForOutputAsync("mDNS: avahi-daemon left the system bus", Bound);
            await avahi.StartAvahiAsync();
            await avahi.BrowseUntilAsync("_rtsp._tcp", s => s.Count == 2, Bound, () => edge.Output);

            Assert.Single(Lines(edge.Output, "avahi-daemon is not running"));
            Assert.Equal(2, Lines(edge.Output, "mDNS: announced").Length);
            Assert.False(edge.HasExited);
        }
        finally
        {
            edge.Signal(Posix.SIGKILL);
            File.Delete(config);
        }
    }

    [AvahiFact]
    public async Task Without_a_system_bus_edge_streams_and_logs_one_line()
    {
        var config = Path.Combine(Path.GetTempPath(), $"edge-e2e-mdns-{Guid.NewGuid():N}.toml");
        var missing = Path.Combine(Path.GetTempPath(), $"edge-e2e-no-bus-{Guid.NewGuid():N}");
        // One camera reachable from the network, nothing else: something to announce.
        await File.WriteAllTextAsync(config, TestCameras.One + """

            [rtsp]
            listen = "0.0.0.0:9554"
            auth = "digest"
            [[rtsp.users]]
            name = "viewer"
            password = "mdns-e2e-pw"
            [http]
            enabled = false
            [log]
            level = "debug"
            """);
        using var notify = new NotifySocket();
        using var avahi = await PrivateAvahi.StartAsync(withAvahi: false);
        using var edge = EdgeProcess.StartInNetworkNamespace(avahi.NetworkNamespace, ["run", "--config", config],
            new Dictionary<string, string?> { ["NOTIFY_SOCKET"] = notify.Path, ["DBUS_SYSTEM_BUS_ADDRESS"] = $"unix:path={missing}" });
        try
        {
            await notify.WaitForAsync("READY=1", Bound);
            await edge.WaitForOutputAsync("mDNS: not announced", Bound);
            // Past the first retry (5 s ±20 %): the repeat goes to debug only, not a second information line.
            await Task.Delay(TimeSpan.FromSeconds(7));
            var lines = Lines(edge.Output, "info: Edge.Mdns");
            output.WriteLine(string.Join('\n', lines));
            var line = Assert.Single(lines);
            Assert.Contains($"no D-Bus system bus ({missing} does not exist); install avahi-daemon (it brings dbus) to be found as", line, StringComparison.Ordinal);
            Assert.Contains(Lines(edge.Output, "dbug: Edge.Mdns"), l => l.Contains("mDNS: not announced:", StringComparison.Ordinal));
            Assert.False(edge.HasExited);
        }
        finally
        {
            edge.Signal(Posix.SIGKILL);
            File.Delete(config);
        }
    }

    /// <summary>edge in avahi's network namespace (listening beyond loopback stays there), on the private bus.</summary>
    private static EdgeProcess StartEdge(PrivateAvahi avahi, string config, NotifySocket? notify = null)
    {
        var environment = new Dictionary<string, string?>(avahi.Environment);
        if (notify is not null)
            environment["NOTIFY_SOCKET"] = notify.Path;
        return EdgeProcess.StartInNetworkNamespace(avahi.NetworkNamespace, ["run", "--config", config], environment);
    }

    private static string[] Lines(string text, string containing) =>
        text.Split('\n').Where(l => l.Contains(containing, StringComparison.Ordinal)).ToArray();
}
