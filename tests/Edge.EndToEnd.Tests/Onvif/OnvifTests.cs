using System.Net;
using System.Text.Json;
using Edge.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace Edge.EndToEnd.Tests.Onvif;

/// <summary>
/// ONVIF against the NativeAOT binary with a real client, the npm onvif package (0.8.3): it
/// connects as an NVR does (GetSystemDateAndTime, GetServices, GetProfiles, GetVideoSources),
/// reads the device information, the stream and snapshot URIs of every profile; ffprobe plays the
/// stream URI and the snapshot URI serves a JPEG. With a login, by WS-Security and by HTTP Digest.
/// </summary>
public sealed class OnvifTests(ITestOutputHelper output)
{
    private const string User = "viewer";
    private const string Password = "onvif-test-pw";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    /// <summary>Two test-pattern cameras, cam (320x240, 10 fps) and yard (160x120, 5 fps, 300 kbit/s, a keyframe every 4 s), and the web server.</summary>
    internal static string Cameras(int httpPort, string httpExtra = "") => $"""
        [camera.cam]
        source = "test"
        width = 320
        height = 240
        fps = 10

        [camera.yard]
        source = "test"
        width = 160
        height = 120
        fps = 5

        [camera.yard.encoder]
        bitrate_kbps = 300
        keyframe_interval_s = 4

        [http]
        listen = "127.0.0.1:{httpPort}"
        {httpExtra}
        """;

    [OnvifFact]
    public async Task Without_a_login_the_npm_client_adds_every_camera_and_its_stream_and_snapshot_play()
    {
        var httpPort = Ports.NextPair();
        await using var edge = await EdgeServer.StartAsync(Cameras(httpPort));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = Bound };
        await StatusApi.WaitUntilStreamingAsync(http, "cam", edge, Bound);

        var (exit, json, stderr) = await OnvifClient.RunAsync("connect", "127.0.0.1", httpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(exit == 0, $"the ONVIF client failed: {stderr}\n{edge.Process.Output}");
        using var _ = json;
        var root = json!.RootElement;
        output.WriteLine(root.ToString());

        var info = root.GetProperty("info");
        Assert.Equal("Edge", info.GetProperty("manufacturer").GetString());
        Assert.Matches("^[0-9A-F]{12}$", info.GetProperty("serialNumber").GetString());
        Assert.Equal(2, root.GetProperty("videoSources").GetInt32());
        Assert.Equal("cam", root.GetProperty("defaultProfile").GetString());

        var profiles = root.GetProperty("profiles").EnumerateArray().ToDictionary(p => p.GetProperty("token").GetString()!);
        Assert.Equal(["cam", "yard"], profiles.Keys);
        var yard = profiles["yard"];
        Assert.Equal(("H264", 160, 120, 5, 300, 20), (yard.GetProperty("encoding").GetString(), yard.GetProperty("width").GetInt32(), yard.GetProperty("height").GetInt32(),
            yard.GetProperty("fps").GetInt32(), yard.GetProperty("bitrate").GetInt32(), yard.GetProperty("govLength").GetInt32()));
        Assert.Equal(edge.Url("cam"), profiles["cam"].GetProperty("streamUri").GetString());
        Assert.Equal($"http://127.0.0.1:{httpPort}/cameras/yard/snapshot.jpg", yard.GetProperty("snapshotUri").GetString());

        await AssertPlaysAsync(profiles["cam"].GetProperty("streamUri").GetString()!, 320, 240);
        await AssertJpegAsync(http, profiles["yard"].GetProperty("snapshotUri").GetString()!);
    }

    [OnvifFact]
    public async Task With_a_login_the_npm_client_gets_in_by_WS_Security_and_by_HTTP_Digest_and_not_without_the_password()
    {
        var httpPort = Ports.NextPair();
        await using var edge = await EdgeServer.StartAsync(
            Cameras(httpPort, "auth = \"digest\""),
            rtspExtra: $"auth = \"digest\"\n[[rtsp.users]]\nname = \"{User}\"\npassword = \"{Password}\"");
        using var http = new HttpClient(new SocketsHttpHandler { Credentials = new NetworkCredential(User, Password) }) { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = Bound };
        await StatusApi.WaitUntilStreamingAsync(http, "cam", edge, Bound);
        var port = httpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);

        foreach (var scheme in new[] { "wsse", "digest" })
        {
            var (exit, json, stderr) = await OnvifClient.RunAsync("connect", "127.0.0.1", port, User, Password, scheme);
            Assert.True(exit == 0, $"the ONVIF client ({scheme}) failed: {stderr}\n{edge.Process.Output}");
            using var _ = json;
            var cam = json!.RootElement.GetProperty("profiles").EnumerateArray().First();
            Assert.Equal(edge.Url("cam"), cam.GetProperty("streamUri").GetString());
            output.WriteLine($"{scheme}: {json.RootElement.GetProperty("info")}");
        }

        // An NVR adds the user and password to the stream URI, as a person would in VLC.
        await AssertPlaysAsync($"rtsp://{User}:{Password}@127.0.0.1:{edge.RtspPort}/cam", 320, 240);
        await AssertJpegAsync(http, $"http://127.0.0.1:{httpPort}/cameras/cam/snapshot.jpg");

        var wrong = await OnvifClient.RunAsync("connect", "127.0.0.1", port, User, "not-" + Password, "wsse");
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.Contains("Sender not authorized: wrong user name or password", wrong.Stderr, StringComparison.Ordinal);
        var anonymous = await OnvifClient.RunAsync("connect", "127.0.0.1", port);
        Assert.NotEqual(0, anonymous.ExitCode);
        output.WriteLine($"wrong password: {wrong.Stderr.Trim()}\nno login: {anonymous.Stderr.Trim()}");
        await edge.Process.WaitForOutputAsync($"ONVIF client 127.0.0.1:", Bound);
        Assert.DoesNotContain("not-" + Password, edge.Process.Output, StringComparison.Ordinal);
    }

    [OnvifFact]
    public async Task Hostile_requests_over_HTTP_get_a_fault_and_the_daemon_answers_on()
    {
        var httpPort = Ports.NextPair();
        await using var edge = await EdgeServer.StartAsync(Cameras(httpPort));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = Bound };
        const string Soap = "application/soap+xml";
        var laughs = "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
            + "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body><GetProfiles xmlns=\"http://www.onvif.org/ver10/media/wsdl\">&c;</GetProfiles></s:Body></s:Envelope>";
        var deep = "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body>" + string.Concat(Enumerable.Repeat("<a>", 5000)) + "</s:Body></s:Envelope>";
        foreach (var (name, body) in new[] { ("entity expansion", laughs), ("deep nesting", deep), ("garbage", "\u0001\u0002 not xml") })
        {
            using var response = await http.PostAsync("onvif/media_service", new StringContent(body, System.Text.Encoding.UTF8, Soap));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {(int)response.StatusCode} {text}");
            Assert.Contains("ter:WellFormed", text, StringComparison.Ordinal);
        }

        // 10 MB announced: answered at once, from the headers, without reading a byte of the body
        // (HttpClient would see the connection closed under its upload, so this one is raw).
        using (var tcp = new System.Net.Sockets.TcpClient())
        {
            await tcp.ConnectAsync(IPAddress.Loopback, httpPort);
            var stream = tcp.GetStream();
            await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"POST /onvif/media_service HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {Soap}\r\nContent-Length: {10 * 1024 * 1024}\r\n\r\n<s:Envelope"));
            using var reader = new StreamReader(stream);
            using var deadline = new CancellationTokenSource(Bound);
            var statusLine = await reader.ReadLineAsync(deadline.Token);
            Assert.Equal("HTTP/1.1 400 Bad Request", statusLine);
        }

        using var time = await http.PostAsync("onvif/device_service", new StringContent(
            "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body><GetSystemDateAndTime xmlns=\"http://www.onvif.org/ver10/device/wsdl\"/></s:Body></s:Envelope>", System.Text.Encoding.UTF8, Soap));
        Assert.Equal(HttpStatusCode.OK, time.StatusCode);
        Assert.Contains("<tt:UTCDateTime>", await time.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(edge.Process.HasExited);
    }

    internal static async Task AssertPlaysAsync(string url, int width, int height, string? networkNamespace = null)
    {
        string[] probe = ["ffprobe", "-v", "error", "-rtsp_transport", "tcp", "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", url];
        var run = networkNamespace is null
            ? await ExternalTool.RunAsync(probe[0], probe[1..], Bound)
            : await ExternalTool.RunAsync("ip", ["netns", "exec", networkNamespace, .. probe], Bound);
        Assert.True(run.ExitCode == 0, $"ffprobe {url}: {run.Stderr}");
        Assert.Equal($"h264,{width},{height}", run.StdoutText.Trim());
    }

    private static async Task AssertJpegAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.Length > 500 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[^2] == 0xFF && bytes[^1] == 0xD9, $"not a JPEG: {bytes.Length} bytes");
    }
}
