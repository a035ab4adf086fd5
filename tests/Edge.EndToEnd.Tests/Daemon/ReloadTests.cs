using System.Diagnostics;
using System.Text.Json;
using Edge.EndToEnd.Tests.Rtsp;
using Edge.EndToEnd.Tests.Support;
using Edge.Tests.Shared.Peers;
using Xunit.Abstractions;

namespace Edge.EndToEnd.Tests.Daemon;

/// <summary>
/// <c>systemctl reload edge</c> (SIGHUP) against the real binary: a changed config is applied
/// as a difference while clients watch, and a broken one is refused with the stream untouched.
/// </summary>
public sealed class ReloadTests(ITestOutputHelper output)
{
    private const int Width = 320;
    private const int Height = 240;
    private const int SteadyFps = 25;
    private const int WatchSeconds = 14;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static string Cameras(int httpPort, int changingFps) => $"""
        [camera.steady]
        source = "test"
        width = {Width}
        height = {Height}
        fps = {SteadyFps}

        [camera.changing]
        source = "test"
        width = {Width}
        height = {Height}
        fps = {changingFps}

        [http]
        listen = "127.0.0.1:{httpPort}"
        """;

    [Fact]
    public async Task Reload_ChangesOneCameraAndAddsAPush_WhileTheOtherCamerasClientSeesNoGap()
    {
        var httpPort = Ports.NextPair();
        await using var edge = await EdgeServer.StartAsync(Cameras(httpPort, changingFps: 10));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = TimeSpan.FromSeconds(10) };
        await StatusApi.WaitUntilStreamingAsync(http, "steady", edge, Bound);
        await StatusApi.WaitUntilStreamingAsync(http, "changing", edge, Bound);
        var flv = Path.Combine(Path.GetTempPath(), $"edge-reload-{Guid.NewGuid():N}.flv");
        using var receiver = await FfmpegRtmpListener.StartAsync(flv);

        // A client on each camera, watching across the reload.
        var steady = RtspPull.DecodeAsync(edge.Url("steady"), "tcp", Width, Height, WatchSeconds);
        var changing = RtspPull.DecodeAsync(edge.Url("changing"), "tcp", Width, Height, WatchSeconds);
        await Task.Delay(TimeSpan.FromSeconds(4));

        var text = await File.ReadAllTextAsync(edge.ConfigPath);
        var changed = text.Replace("fps = 10", "fps = 20", StringComparison.Ordinal) + $"""

            [[push]]
            camera = "steady"
            url = "{receiver.Url}"
            """;
        Assert.NotEqual(text, changed);
        await File.WriteAllTextAsync(edge.ConfigPath, changed);
        var clock = Stopwatch.StartNew();
        edge.Process.Signal(Posix.SIGHUP);
        var received = await edge.Notify.WaitForAsync("READY=1", Bound);
        output.WriteLine($"reload applied in {clock.ElapsedMilliseconds} ms: {string.Join(" | ", received)}");
        Assert.Contains(received, m => m.Split('\n').Contains("RELOADING=1"));
        Assert.Contains("reload: cameras changed: changing; pushes started: 1", edge.Process.Output, StringComparison.Ordinal);

        // The unchanged camera's client: every frame number in order, none missing beyond what the source itself reports.
        var steadyPull = await steady;
        output.WriteLine($"steady: {steadyPull.Frames} frames, {Gaps(steadyPull)}");
        RtspPull.AssertClean(steadyPull, WatchSeconds * SteadyFps, source: edge);

        // The changed camera's client stayed connected: its numbers start again with the new pipeline.
        var changingPull = await changing;
        var restartAt = Enumerable.Range(1, changingPull.FrameNumbers.Count - 1).FirstOrDefault(i => changingPull.FrameNumbers[i] < changingPull.FrameNumbers[i - 1]);
        output.WriteLine($"changing: {changingPull.Frames} frames, exit {changingPull.ExitCode}, pipeline restarted at output frame {restartAt}, {changingPull.FrameNumbers.Count - restartAt} frames after; {changingPull.Warnings}");
        Assert.True(restartAt > 0, "the changed camera's client saw no restarted pipeline: " + string.Join(",", changingPull.FrameNumbers));
        Assert.True(changingPull.FrameNumbers.Count - restartAt >= 20, $"the changed camera's client got {changingPull.FrameNumbers.Count - restartAt} frames after the reload");

        // The new rate is in effect: configured and measured.
        await WaitForStatusAsync(http, status =>
        {
            var camera = status.GetProperty("cameras").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "changing");
            return camera.GetProperty("fps").GetInt32() == 20
                && camera.GetProperty("measured_fps").ValueKind == JsonValueKind.Number
                && Math.Abs(camera.GetProperty("measured_fps").GetDouble() - 20) <= 2.5;
        }, edge, "changing at a measured 20 fps");
        var pull = await RtspPull.DecodeAsync(edge.Url("changing"), "tcp", Width, Height, 3);
        output.WriteLine($"changing, pulled after the reload: {pull.Frames} frames in 3 s");
        RtspPull.AssertClean(pull, 3 * 20, startupAllowance: 3, source: edge);

        // The added push runs.
        await WaitForStatusAsync(http, status => status.GetProperty("pushes").EnumerateArray()
            .Any(p => p.GetProperty("camera").GetString() == "steady" && p.GetProperty("state").GetString() == "live" && p.GetProperty("bytes_sent").GetInt64() > 10_000), edge, "the push live");
        Assert.Contains("\"reload_refused\": null", await http.GetStringAsync("api/status"), StringComparison.Ordinal);
        File.Delete(flv);
    }

    [Fact]
    public async Task Reload_OfABrokenFile_IsRefusedWithItsPlace_AndStreamingGoesOn()
    {
        var httpPort = Ports.NextPair();
        await using var edge = await EdgeServer.StartAsync(Cameras(httpPort, changingFps: 10));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = TimeSpan.FromSeconds(10) };
        await StatusApi.WaitUntilStreamingAsync(http, "steady", edge, Bound);

        var steady = RtspPull.DecodeAsync(edge.Url("steady"), "tcp", Width, Height, 10);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var text = await File.ReadAllTextAsync(edge.ConfigPath);
        // A valid change next to an error: the whole file is refused, the change too.
        var broken = text.Replace("fps = 10", "fps = 500", StringComparison.Ordinal).Replace($"fps = {SteadyFps}", "fps = 5", StringComparison.Ordinal);
        var line = broken.Split('\n').ToList().FindIndex(l => l.Contains("fps = 500", StringComparison.Ordinal)) + 1;
        await File.WriteAllTextAsync(edge.ConfigPath, broken);
        edge.Process.Signal(Posix.SIGHUP);

        var received = await edge.Notify.WaitForAsync("READY=1", Bound);
        var located = $"{edge.ConfigPath}:{line}:7: camera.changing.fps must be between 1 and 120, got 500";
        Assert.Contains(received, m => m.Contains("STATUS=reload refused, running config kept: 1 problem in " + edge.ConfigPath + ", first " + located, StringComparison.Ordinal));
        await edge.Process.WaitForOutputAsync("reload refused: " + located, Bound);

        using var status = JsonDocument.Parse(await http.GetStringAsync("api/status"));
        var refused = status.RootElement.GetProperty("reload_refused");
        Assert.Equal([located], refused.GetProperty("errors").EnumerateArray().Select(e => e.GetString()));
        var cameras = status.RootElement.GetProperty("cameras").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("fps").GetInt32());
        Assert.Equal(SteadyFps, cameras["steady"]);
        Assert.Equal(10, cameras["changing"]);
        var page = await http.GetStringAsync("/");
        Assert.Contains("Reload refused", page, StringComparison.Ordinal);

        var steadyPull = await steady;
        output.WriteLine($"steady across the refused reload: {steadyPull.Frames} frames, {Gaps(steadyPull)}");
        RtspPull.AssertClean(steadyPull, 10 * SteadyFps, source: edge);
        Assert.False(edge.Process.HasExited);
    }

    [Fact]
    public async Task Reload_AddsAndRemovesCameras_ByTheirPaths()
    {
        var httpPort = Ports.NextPair();
        await using var edge = await EdgeServer.StartAsync(Cameras(httpPort, changingFps: 10));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = TimeSpan.FromSeconds(10) };
        await StatusApi.WaitUntilStreamingAsync(http, "steady", edge, Bound);
        await StatusApi.WaitUntilStreamingAsync(http, "changing", edge, Bound);

        var steady = RtspPull.DecodeAsync(edge.Url("steady"), "tcp", Width, Height, 10);
        var clock = Stopwatch.StartNew();
        var removed = RtspPull.DecodeAsync(edge.Url("changing"), "tcp", Width, Height, 20);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var text = await File.ReadAllTextAsync(edge.ConfigPath);
        await File.WriteAllTextAsync(edge.ConfigPath, text.Replace("[camera.changing]", "[camera.added]", StringComparison.Ordinal));
        edge.Process.Signal(Posix.SIGHUP);
        await edge.Notify.WaitForAsync("READY=1", Bound);
        Assert.Contains("reload: cameras added: added; cameras removed: changing", edge.Process.Output, StringComparison.Ordinal);

        // The removed camera's client is let go long before its 20 s, and its path is unknown.
        var removedPull = await removed;
        output.WriteLine($"removed camera's client ended after {clock.Elapsed.TotalSeconds:0.0} s with {removedPull.Frames} frames, exit {removedPull.ExitCode}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), "the removed camera's client was not disconnected");
        var probe = await ExternalTool.RunAsync("ffprobe", ["-v", "error", "-rtsp_transport", "tcp", edge.Url("changing")], TimeSpan.FromSeconds(20));
        Assert.NotEqual(0, probe.ExitCode);
        Assert.Contains("404", probe.Stderr, StringComparison.Ordinal);

        // The added one streams at its path; the status lists the cameras the file names.
        await StatusApi.WaitUntilStreamingAsync(http, "added", edge, Bound);
        var added = await RtspPull.DecodeAsync(edge.Url("added"), "tcp", Width, Height, 3);
        RtspPull.AssertClean(added, 3 * 10, startupAllowance: 3, source: edge);
        using (var status = JsonDocument.Parse(await http.GetStringAsync("api/status")))
            Assert.Equal(["steady", "added"], status.RootElement.GetProperty("cameras").EnumerateArray().Select(c => c.GetProperty("name").GetString()));

        var steadyPull = await steady;
        output.WriteLine($"steady: {steadyPull.Frames} frames, {Gaps(steadyPull)}");
        RtspPull.AssertClean(steadyPull, 10 * SteadyFps, source: edge);
    }

    [Fact]
    public async Task Saving_TheFile_WithOnSave_ReloadsItOnce_AsSighupWould()
    {
        var httpPort = Ports.NextPair();
        await using var edge = await EdgeServer.StartAsync(Cameras(httpPort, changingFps: 10) + "\n\n[reload]\non_save = true\n");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = TimeSpan.FromSeconds(10) };
        await StatusApi.WaitUntilStreamingAsync(http, "changing", edge, Bound);
        await edge.Process.WaitForOutputAsync("reload: watching " + edge.ConfigPath, Bound);

        // Saved as editors save (a new file renamed over the old one), twice within a second.
        var changed = (await File.ReadAllTextAsync(edge.ConfigPath)).Replace("fps = 10", "fps = 20", StringComparison.Ordinal);
        var temporary = edge.ConfigPath + ".swp";
        for (var save = 0; save < 2; save++)
        {
            await File.WriteAllTextAsync(temporary, changed);
            File.Move(temporary, edge.ConfigPath, overwrite: true);
            await Task.Delay(200);
        }

        var received = await edge.Notify.WaitForAsync("READY=1", Bound);
        Assert.Contains(received, m => m.Split('\n').Contains("RELOADING=1"));
        await edge.Process.WaitForOutputAsync($"reloading the config from {edge.ConfigPath} (file saved)", Bound);
        await edge.Process.WaitForOutputAsync("reload: cameras changed: changing", Bound);
        await WaitForStatusAsync(http, status => status.GetProperty("cameras").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == "changing").GetProperty("fps").GetInt32() == 20, edge, "changing at 20 fps");

        // One save, one reload: the second write fell within the first one's quiet second.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var reloads = edge.Process.Output.Split('\n').Count(l => l.Contains("reloading the config from", StringComparison.Ordinal));
        Assert.Equal(1, reloads);
    }

    [Fact]
    public async Task Reload_ThatAddsBackARemovedCamera_MulticastsItAgain()
    {
        var httpPort = Ports.NextPair();
        await using var edge = await EdgeServer.StartAsync(Cameras(httpPort, changingFps: 10));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = TimeSpan.FromSeconds(10) };
        await StatusApi.WaitUntilStreamingAsync(http, "changing", edge, Bound);
        // A multicast client first, so the camera's group exists when the camera goes.
        var before = await RtspPull.DecodeAsync(edge.Url("changing"), "udp_multicast", Width, Height, 2);
        output.WriteLine($"multicast before the reloads: {before.Frames} frames");
        Assert.True(before.Frames > 0, "no multicast frames before the reloads: " + before.Warnings);

        var text = await File.ReadAllTextAsync(edge.ConfigPath);
        await File.WriteAllTextAsync(edge.ConfigPath, text.Replace("[camera.changing]", "[camera.elsewhere]", StringComparison.Ordinal));
        edge.Process.Signal(Posix.SIGHUP);
        await edge.Notify.WaitForAsync("READY=1", Bound);
        await edge.Process.WaitForOutputAsync("reload: cameras added: elsewhere; cameras removed: changing", Bound);
        await File.WriteAllTextAsync(edge.ConfigPath, text);
        edge.Process.Signal(Posix.SIGHUP);
        await edge.Notify.WaitForAsync("READY=1", Bound);
        await edge.Process.WaitForOutputAsync("reload: cameras added: changing; cameras removed: elsewhere", Bound);
        await StatusApi.WaitUntilStreamingAsync(http, "changing", edge, Bound);

        // Served from the new camera's hub, not the group of the one removed.
        var after = await RtspPull.DecodeAsync(edge.Url("changing"), "udp_multicast", Width, Height, 3);
        output.WriteLine($"multicast after the camera came back: {after.Frames} frames, {after.Warnings}");
        RtspPull.AssertClean(after, 3 * 10, startupAllowance: 10, source: edge);
    }

    [Fact]
    public async Task Reload_ThatAddsACamera_MakesRoomForItsLiveViewers()
    {
        const int ViewersPerCamera = 2;
        const int PageConnections = 32; // the web server's connections besides live viewers
        var httpPort = Ports.NextPair();
        var camera = (string name) => $"""

            [camera.{name}]
            source = "test"
            width = {Width}
            height = {Height}
            fps = 10

            """;
        await using var edge = await EdgeServer.StartAsync(camera("first") + $"""
            [http]
            listen = "127.0.0.1:{httpPort}"
            live_viewers_per_camera = {ViewersPerCamera}
            """);
        // Each status request on a connection of its own, closed after it, so none is left holding a slot.
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.ConnectionClose = true;
        await StatusApi.WaitUntilStreamingAsync(http, "first", edge, Bound);

        await File.AppendAllTextAsync(edge.ConfigPath, camera("second"));
        edge.Process.Signal(Posix.SIGHUP);
        await edge.Notify.WaitForAsync("READY=1", Bound);
        await edge.Process.WaitForOutputAsync("reload: cameras added: second", Bound);
        await StatusApi.WaitUntilStreamingAsync(http, "second", edge, Bound);

        // Everything the config at start made room for: the first camera's viewers and the pages' connections.
        using var viewers = new HttpClient { BaseAddress = http.BaseAddress, Timeout = Bound };
        using var stop = new CancellationTokenSource(Bound);
        var watching = new List<HttpResponseMessage>();
        var draining = new List<Task>();
        var held = new List<System.Net.Sockets.Socket>();
        try
        {
            async Task WatchAsync(string name)
            {
                var response = await viewers.GetAsync($"cameras/{name}/live.mp4", HttpCompletionOption.ResponseHeadersRead, stop.Token);
                watching.Add(response);
                Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
                var body = await response.Content.ReadAsStreamAsync(stop.Token);
                var head = new byte[8];
                await body.ReadExactlyAsync(head, stop.Token);
                Assert.Equal("ftyp", System.Text.Encoding.ASCII.GetString(head, 4, 4));
                draining.Add(StatusApi.DrainAsync(body, stop.Token));
            }

            for (var i = 0; i < ViewersPerCamera; i++)
                await WatchAsync("first");
            for (var i = 0; i < PageConnections; i++)
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                held.Add(socket);
                await socket.ConnectAsync(System.Net.IPAddress.Loopback, httpPort, stop.Token);
            }
            // Accepted connections are counted as the server dispatches them; the silent ones have
            // 10 s (the keep-alive deadline) before the server lets them go.
            await Task.Delay(500);

            // The added camera's viewers are admitted up to its own limit, on connections of their own.
            for (var i = 0; i < ViewersPerCamera; i++)
                await WatchAsync("second");
            output.WriteLine($"{watching.Count} live viewers and {held.Count} silent connections held after the reload");
        }
        finally
        {
            await stop.CancelAsync();
            watching.ForEach(r => r.Dispose());
            held.ForEach(s => s.Dispose());
            await Task.WhenAll(draining);
        }
    }

    private static string Gaps(RtspPull.Pull pull)
    {
        var gaps = pull.FrameNumbers.Zip(pull.FrameNumbers.Skip(1)).Where(p => p.Second - p.First != 1).Select(p => $"{p.First}->{p.Second}").ToArray();
        return gaps.Length == 0 ? "no gaps" : "gaps: " + string.Join(' ', gaps);
    }

    private static async Task WaitForStatusAsync(HttpClient http, Func<JsonElement, bool> condition, EdgeServer edge, string what)
    {
        var clock = Stopwatch.StartNew();
        var last = "";
        while (clock.Elapsed < Bound)
        {
            last = await http.GetStringAsync("api/status");
            using var status = JsonDocument.Parse(last);
            if (condition(status.RootElement))
                return;
            await Task.Delay(250);
        }
        Assert.Fail($"not {what} within {Bound}: {last}\n{edge.Process.Output}");
    }
}
