using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Edge.EndToEnd.Tests.Rtsp;
using Edge.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace Edge.EndToEnd.Tests.Daemon;

/// <summary>The real binary's <c>[http]</c> status page, JSON API and health check, read with HttpClient and curl.</summary>
public sealed class HttpStatusTests(ITestOutputHelper output)
{
    private const string DeviceName = "e2e-status-box";
    private const string StreamKey = "e2e-status-secret-31f?token=hushhush";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    /// <summary>The test camera, a device name, the status server on <paramref name="httpPort"/>, and a push to a port nobody listens on.</summary>
    private static string Config(int httpPort, int deadPort) => $"""
        {TestCameras.One}
        [device]
        name = "{DeviceName}"

        [http]
        listen = "127.0.0.1:{httpPort}"

        [[push]]
        camera = "cam"
        url = "rtmp://127.0.0.1:{deadPort}/live/{StreamKey}"
        """;

    [Fact]
    public async Task Status_page_api_and_health_check_describe_the_running_daemon()
    {
        var httpPort = Ports.NextPair();
        await using var edge = await EdgeServer.StartAsync(Config(httpPort, Ports.NextPair()));
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = Bound };

        var status = await WaitForStatusAsync(client, s => s.GetProperty("cameras")[0].GetProperty("state").GetString() == "streaming", edge);
        Assert.Equal(DeviceName, status.GetProperty("device").GetString());
        Assert.Matches(@"^\d+\.\d+\.\d+", status.GetProperty("version").GetString());
        Assert.InRange(status.GetProperty("uptime_s").GetInt64(), 0, 600);
        Assert.True(status.GetProperty("healthy").GetBoolean());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("fatal_error").ValueKind);
        Assert.Equal($"127.0.0.1:{edge.RtspPort}", status.GetProperty("rtsp").GetProperty("listen").GetString());
        var camera = Assert.Single(status.GetProperty("cameras").EnumerateArray());
        Assert.Equal("cam", camera.GetProperty("name").GetString());
        Assert.Equal("/cam", camera.GetProperty("rtsp_path").GetString());
        Assert.Equal(edge.Url("cam"), camera.GetProperty("rtsp_url").GetString());
        Assert.Contains("320x240@25 test pattern", camera.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(320, camera.GetProperty("width").GetInt32());
        Assert.Equal(25, camera.GetProperty("fps").GetInt32());
        var push = Assert.Single(status.GetProperty("pushes").EnumerateArray());
        Assert.EndsWith("/live/****", push.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Contains(push.GetProperty("state").GetString(), new[] { "connecting", "retrying" });

        // The process numbers are the daemon's own, as /proc shows them from outside.
        var process = status.GetProperty("process");
        var procStatus = File.ReadAllLines($"/proc/{edge.Process.Id}/status");
        long ProcField(string name) => long.Parse(procStatus.Single(l => l.StartsWith(name + ":", StringComparison.Ordinal)).Split(':')[1].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        var rssFromOutside = ProcField("VmRSS") * 1024;
        Assert.InRange(process.GetProperty("rss_bytes").GetInt64(), rssFromOutside * 8 / 10, rssFromOutside * 12 / 10);
        Assert.InRange(process.GetProperty("managed_heap_bytes").GetInt64(), 1, rssFromOutside);
        Assert.InRange(process.GetProperty("threads").GetInt32(), 1, ProcField("Threads") + 5);
        Assert.InRange(process.GetProperty("open_files").GetInt32(), 3, Directory.GetFileSystemEntries($"/proc/{edge.Process.Id}/fd").Length + 5);

        // The health check ignores the failing push: the box itself is fine.
        using (var health = await client.GetAsync("healthz"))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal("ok\n", await health.Content.ReadAsStringAsync());
        }
        using (var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "healthz")))
        {
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Equal(3, head.Content.Headers.ContentLength);
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        }

        // curl, as the documentation shows it: exit 0 on 200.
        var curl = await ExternalTool.RunAsync("curl", ["-fsS", $"http://127.0.0.1:{httpPort}/healthz"], Bound);
        Assert.Equal(0, curl.ExitCode);
        Assert.Equal("ok\n", curl.StdoutText);

        var page = await client.GetStringAsync("/");
        Assert.Contains($"<h1>{DeviceName}</h1>", page, StringComparison.Ordinal);
        Assert.Contains("<td>cam</td><td><span class=\"state streaming\">streaming</span>", page, StringComparison.Ordinal);
        Assert.Contains(edge.Url("cam"), page, StringComparison.Ordinal);

        // An RTSP client shows up in the audience while it plays.
        var pull = RtspPull.DecodeAsync(edge.Url("cam"), "tcp", 320, 240, 4);
        await WaitForStatusAsync(client, s => s.GetProperty("rtsp").GetProperty("clients").GetInt32() == 1, edge);
        AssertVideoFlows(await pull);

        using (var post = await client.PostAsync("api/status", new StringContent("{}")))
        {
            Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
            Assert.Equal("GET, HEAD", string.Join(", ", post.Content.Headers.Allow));
        }
        using (var missing = await client.GetAsync("nothing-here"))
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        var everything = page + await client.GetStringAsync("api/status") + edge.Process.Output;
        Assert.DoesNotContain("e2e-status-secret", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("hushhush", everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_count_the_cameras_frames_in_a_format_prometheus_reads()
    {
        var httpPort = Ports.NextPair();
        await using var edge = await EdgeServer.StartAsync(Config(httpPort, Ports.NextPair()));
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = Bound };
        await WaitForStatusAsync(client, s => s.GetProperty("healthy").GetBoolean(), edge);

        var first = await client.GetStringAsync("metrics");
        await Task.Delay(TimeSpan.FromSeconds(1));
        var second = await client.GetStringAsync("metrics");

        // promtool parses the text as the Prometheus server does, and lints the names.
        var path = Path.Combine(Path.GetTempPath(), $"edge-e2e-metrics-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(path, second);
        try
        {
            var check = await ExternalTool.RunAsync("sh", ["-c", "promtool check metrics < \"$1\"", "sh", path], Bound);
            Assert.True(check.ExitCode == 0 && check.StdoutText.Length + check.Stderr.Length == 0, $"promtool: {check.StdoutText}{check.Stderr}\n{second}");
        }
        finally
        {
            File.Delete(path);
        }

        double Sample(string text, string series) =>
            double.Parse(text.Split('\n').Single(l => l.StartsWith(series + " ", StringComparison.Ordinal))[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        const string Frames = "edge_camera_frames_total{camera=\"cam\"}";
        Assert.True(Sample(second, Frames) > Sample(first, Frames), $"frames did not grow:\n{first}\n{second}");
        const string Bytes = "edge_camera_bytes_total{camera=\"cam\"}";
        Assert.True(Sample(second, Bytes) > Sample(first, Bytes), $"bytes did not grow:\n{first}\n{second}");
        Assert.Equal(0, Sample(second, "edge_camera_dropped_frames_total{camera=\"cam\"}"));
        Assert.Equal(1, Sample(second, "edge_camera_streaming{camera=\"cam\"}"));
        Assert.Equal(0, Sample(second, "edge_rtsp_sessions"));
        var rssFromOutside = edge.Process.ResidentKilobytes() * 1024;
        Assert.InRange(Sample(second, "process_resident_memory_bytes"), rssFromOutside * 0.8, rssFromOutside * 1.2);
        Assert.DoesNotContain("e2e-status-secret", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hostile_clients_do_not_stop_the_status_page_nor_grow_the_daemon()
    {
        var httpPort = Ports.NextPair();
        await using var edge = await EdgeServer.StartAsync(Config(httpPort, Ports.NextPair()));
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = Bound };
        await WaitForStatusAsync(client, s => s.GetProperty("healthy").GetBoolean(), edge);

        // Warm up, then time the JSON API (reported, never asserted).
        for (var i = 0; i < 50; i++)
            await client.GetStringAsync("api/status");
        var rssBefore = edge.Process.ResidentKilobytes();
        var times = new List<double>();
        for (var i = 0; i < 200; i++)
        {
            var clock = Stopwatch.StartNew();
            await client.GetStringAsync("api/status");
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        output.WriteLine($"GET /api/status over 200 requests: median {times[100]:0.00} ms, p95 {times[190]:0.00} ms, max {times[^1]:0.00} ms");

        // Silent connections held open across the whole barrage.
        var silent = new List<Socket>();
        for (var i = 0; i < 5; i++)
            silent.Add(await ConnectAsync(httpPort));

        for (var round = 0; round < 40; round++)
        {
            Assert.StartsWith("HTTP/1.1 400 ", await ExchangeAsync(httpPort, [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc]), StringComparison.Ordinal);
            Assert.StartsWith("HTTP/1.1 431 ", await ExchangeAsync(httpPort, Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + new string('a', 64 * 1024))), StringComparison.Ordinal);
            Assert.StartsWith("HTTP/1.1 405 ", await ExchangeAsync(httpPort, Encoding.ASCII.GetBytes("DELETE /api/status HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")), StringComparison.Ordinal);
            Assert.StartsWith("HTTP/1.1 404 ", await ExchangeAsync(httpPort, Encoding.ASCII.GetBytes("GET /../../etc/passwd HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")), StringComparison.Ordinal);
            // Connect and vanish.
            (await ConnectAsync(httpPort)).Dispose();
        }
        using (var health = await client.GetAsync("healthz"))
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        // The silent ones are dropped after the 10 s keep-alive timeout.
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
        {
            foreach (var socket in silent)
                Assert.Equal(0, await socket.ReceiveAsync(new byte[16], SocketFlags.None, timeout.Token));
        }
        foreach (var socket in silent)
            socket.Dispose();

        var rssAfter = edge.Process.ResidentKilobytes();
        output.WriteLine($"RSS before the barrage {rssBefore} KiB, after 200 requests and 200 hostile connections {rssAfter} KiB ({rssAfter - rssBefore:+0;-0} KiB)");
        Assert.False(edge.Process.HasExited);
        Assert.Equal("ok\n", await client.GetStringAsync("healthz"));
    }

    [Fact]
    public async Task A_taken_port_is_logged_once_and_video_goes_on_until_the_port_is_free()
    {
        var httpPort = Ports.NextPair();
        using var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        squatter.Bind(new IPEndPoint(IPAddress.Loopback, httpPort));
        squatter.Listen();

        await using var edge = await EdgeServer.StartAsync(Config(httpPort, Ports.NextPair()));
        await edge.Process.WaitForOutputAsync("camera cam: streaming", Bound);
        var errors = edge.Process.Output.Split('\n').Where(l => l.Contains("cannot listen on", StringComparison.Ordinal)).ToArray();
        var error = Assert.Single(errors);
        Assert.Contains($"127.0.0.1:{httpPort} (AddressAlreadyInUse)", error, StringComparison.Ordinal);
        Assert.Contains("Change [http] listen in", error, StringComparison.Ordinal);
        Assert.False(edge.Process.HasExited);

        // The RTSP stream is unaffected.
        AssertVideoFlows(await RtspPull.DecodeAsync(edge.Url("cam"), "tcp", 320, 240, 2));

        // Freed: the next retry (10 s after the first try) takes it.
        squatter.Close();
        await edge.Process.WaitForOutputAsync($"HTTP status page listening on http://127.0.0.1:{httpPort}/ after", TimeSpan.FromSeconds(25));
        using var client = new HttpClient { Timeout = Bound };
        Assert.Equal("ok\n", await client.GetStringAsync($"http://127.0.0.1:{httpPort}/healthz"));
        Assert.Single(edge.Process.Output.Split('\n'), l => l.Contains("cannot listen on", StringComparison.Ordinal));
    }

    /// <summary>
    /// The camera's pictures reached an RTSP client and moved on. Frame-exact checks belong to the
    /// RTSP tests; here the point is only that video flows beside the status server.
    /// </summary>
    private static void AssertVideoFlows(RtspPull.Pull pull)
    {
        Assert.True(pull.ExitCode == 0, $"ffmpeg exited {pull.ExitCode}: {pull.Warnings}");
        Assert.True(pull.Frames >= 10, $"only {pull.Frames} frames decoded");
        Assert.True(pull.FrameNumbers[^1] > pull.FrameNumbers[0], "the picture did not move");
    }

    /// <summary>Polls <c>/api/status</c> (bounded) until <paramref name="condition"/> holds, and returns that status.</summary>
    private static Task<JsonElement> WaitForStatusAsync(HttpClient client, Func<JsonElement, bool> condition, EdgeServer edge) =>
        StatusApi.WaitForStatusAsync(client, condition, edge, Bound);

    private static async Task<Socket> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port);
        return socket;
    }

    /// <summary>Sends one message on a fresh connection and reads the answer until the server closes (bounded); a request that is not refused must ask for the close.</summary>
    private static async Task<string> ExchangeAsync(int port, byte[] message)
    {
        using var socket = await ConnectAsync(port);
        try
        {
            await socket.SendAsync(message, SocketFlags.None);
        }
        catch (SocketException)
        {
            // The server may answer and close before it read everything of a huge request.
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int length;
            while ((length = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0 && received.Length < 65536)
                received.Write(buffer, 0, length);
        }
        catch (SocketException) when (received.Length > 0)
        {
        }
        return Encoding.ASCII.GetString(received.ToArray());
    }
}
