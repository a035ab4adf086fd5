using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using Edge.EndToEnd.Tests.Support;
using Edge.Media.Tests.Support;
using Xunit.Abstractions;

namespace Edge.EndToEnd.Tests.Daemon;

/// <summary>
/// The live view from the real binary: the WebSocket's init segment and fragments, the
/// progressive <c>live.mp4</c> read by ffprobe and ffmpeg, the viewer limit and clear refusals.
/// </summary>
public sealed class LiveViewTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private const string Config = """
        [camera.cam]
        source = "test"
        width = 640
        height = 360
        fps = 25

        [camera.gone]
        source = "v4l2"
        device = "/dev/video-e2e-nothing-here"

        [http]
        listen = "127.0.0.1:{0}"
        """;

    [Fact]
    public async Task The_WebSocket_sends_an_init_segment_then_fragments_from_a_keyframe_with_rising_times_close_to_capture()
    {
        var httpPort = Ports.NextPair();
        await using var edge = await EdgeServer.StartAsync(string.Format(CultureInfo.InvariantCulture, Config, httpPort));
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = Bound };
        await StatusApi.WaitUntilStreamingAsync(client, "cam", edge, Bound);

        // The status page links to the live page, whose policy lets its player reach the socket and play from a MediaSource.
        Assert.Contains("<a href=\"/cameras/cam\">live view</a>", await client.GetStringAsync("/"), StringComparison.Ordinal);
        using (var page = await client.GetAsync("cameras/cam"))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            var policy = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("connect-src 'self'", policy, StringComparison.Ordinal);
            Assert.Contains("media-src blob:", policy, StringComparison.Ordinal);
            Assert.Contains("data-ws=\"/cameras/cam/live\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await StatusApi.GetTextAsync(client, "cameras/nobody")).Status);

        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(Bound);
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{httpPort}/cameras/cam/live"), timeout.Token);

        var init = await ReceiveAsync(socket, timeout.Token);
        Assert.Equal(["ftyp", "moov"], Mp4Box.List(init).Select(b => b.Type));
        var tkhd = Mp4Box.Find(init, "moov/trak/tkhd");
        Assert.Equal((640u << 16, 360u << 16), (Mp4Box.UInt32At(init, tkhd.Offset + tkhd.Size - 8), Mp4Box.UInt32At(init, tkhd.Offset + tkhd.Size - 4)));

        var clock = Stopwatch.StartNew();
        var times = new List<ulong>();
        uint firstFlags = 0;
        for (var i = 0; i < 50; i++)
        {
            var fragment = await ReceiveAsync(socket, timeout.Token);
            Assert.Equal(["moof", "mdat"], Mp4Box.List(fragment).Select(b => b.Type));
            times.Add(Mp4Box.UInt64At(fragment, Mp4Box.Find(fragment, "moof/traf/tfdt").BodyOffset + 4));
            if (i == 0)
                firstFlags = Mp4Box.UInt32At(fragment, Mp4Box.Find(fragment, "moof/traf/trun").BodyOffset + 20);
        }
        var elapsed = clock.Elapsed;

        Assert.Equal(0x02000000u, firstFlags); // a sync sample: the stream starts at an IDR
        Assert.Equal(0ul, times[0]);
        Assert.True(times.Zip(times.Skip(1)).All(p => p.Second > p.First), string.Join(",", times));
        // 49 intervals of a 25 fps camera on the 90 kHz clock, as captured (give or take jitter).
        var span = (times[^1] - times[0]) / 90_000.0;
        output.WriteLine($"50 fragments in {elapsed.TotalSeconds:0.00} s covering {span:0.00} s of capture time");
        Assert.InRange(span, 49 / 25.0 * 0.8, 49 / 25.0 * 1.2);
        Assert.InRange(elapsed.TotalSeconds, span - 0.5, span + 1.0); // delivered as captured, not in bursts from a cache

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
        Assert.Equal(WebSocketState.Closed, socket.State);
    }

    [Fact]
    public async Task Live_mp4_is_read_by_ffprobe_and_ffmpeg_and_refusals_are_clear()
    {
        var httpPort = Ports.NextPair();
        await using var edge = await EdgeServer.StartAsync(string.Format(CultureInfo.InvariantCulture, Config, httpPort));
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = Bound };
        await StatusApi.WaitUntilStreamingAsync(client, "cam", edge, Bound);
        var url = $"http://127.0.0.1:{httpPort}/cameras/cam/live.mp4";

        var probe = await ExternalTool.RunAsync("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", url], Bound);
        Assert.True(probe.ExitCode == 0, probe.Stderr);
        Assert.Equal("h264,640,360", probe.StdoutText.Trim());

        var decode = await ExternalTool.RunAsync("ffmpeg", ["-nostdin", "-v", "error", "-i", url, "-frames:v", "50", "-f", "null", "-"], Bound);
        Assert.True(decode.ExitCode == 0, decode.Stderr);
        Assert.Equal("", decode.Stderr.Trim());

        // The ninth viewer of a camera is turned away while eight watch.
        var watching = new List<HttpResponseMessage>();
        try
        {
            for (var i = 0; i < 8; i++)
            {
                var response = await client.GetAsync("cameras/cam/live.mp4", HttpCompletionOption.ResponseHeadersRead);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("video/mp4", response.Content.Headers.ContentType?.MediaType);
                watching.Add(response);
            }
            using var ninth = await client.GetAsync("cameras/cam/live.mp4");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ninth.StatusCode);
            Assert.Contains("already has 8 live viewers", await ninth.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            watching.ForEach(r => r.Dispose());
        }

        var (status, text) = await StatusApi.GetTextAsync(client, "cameras/nobody/live.mp4");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("no camera named \"nobody\"; the cameras are: cam, gone\n", text);
        (status, text) = await StatusApi.GetTextAsync(client, "cameras/gone/live.mp4");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.StartsWith("camera gone is failed: ", text, StringComparison.Ordinal);
        (status, text) = await StatusApi.GetTextAsync(client, "cameras/cam/live");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("is a WebSocket", text, StringComparison.Ordinal);

        using var refused = new ClientWebSocket();
        var error = await Assert.ThrowsAsync<WebSocketException>(() => refused.ConnectAsync(new Uri($"ws://127.0.0.1:{httpPort}/cameras/gone/live"), CancellationToken.None));
        output.WriteLine(error.Message);
    }

    [Fact]
    public async Task Stopping_edge_closes_a_live_viewer_with_a_reason()
    {
        var httpPort = Ports.NextPair();
        var edge = await EdgeServer.StartAsync(string.Format(CultureInfo.InvariantCulture, Config, httpPort));
        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(Bound);
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = Bound };
            await StatusApi.WaitUntilStreamingAsync(client, "cam", edge, Bound);
            await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{httpPort}/cameras/cam/live"), timeout.Token);
            await ReceiveAsync(socket, timeout.Token);
        }
        finally
        {
            await edge.DisposeAsync();
        }

        var buffer = new byte[1 << 20];
        WebSocketReceiveResult result;
        do
            result = await socket.ReceiveAsync(buffer, timeout.Token);
        while (result.MessageType != WebSocketMessageType.Close);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, result.CloseStatus);
        Assert.Equal("edge is stopping", result.CloseStatusDescription);
    }

    private static async Task<byte[]> ReceiveAsync(ClientWebSocket socket, CancellationToken token)
    {
        var buffer = new byte[1 << 20];
        var length = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(length), token);
            Assert.Equal(WebSocketMessageType.Binary, result.MessageType);
            length += result.Count;
            if (result.EndOfMessage)
                return buffer[..length];
            Assert.True(length < buffer.Length, "a message over 1 MiB");
        }
    }
}
