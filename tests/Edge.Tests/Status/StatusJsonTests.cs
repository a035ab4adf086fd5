using System.Net;
using System.Text;
using System.Text.Json;
using Edge.Media.Health;
using Edge.Status;

namespace Edge.Tests.Status;

public sealed class StatusJsonTests
{
    private static JsonElement Render(HealthModel? health = null)
    {
        var config = StatusTestData.Config();
        health ??= StatusTestData.Health(config, TimeProvider.System);
        var bytes = StatusJson.Write(StatusTestData.Collector(config, health).Collect(IPAddress.Parse("192.168.1.20"), 8080));
        Assert.DoesNotContain("sk-live", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.DoesNotContain("hush1234", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        return JsonDocument.Parse(bytes).RootElement.Clone();
    }

    private static string[] Names(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];

    [Fact]
    public void Has_the_documented_fields_in_order()
    {
        var root = Render();

        Assert.Equal(["device", "version", "uptime_s", "healthy", "health_reason", "fatal_error", "rtsp", "cameras", "pushes", "gpio", "display", "process", "reload_refused"], Names(root));
        Assert.Equal(["listen", "auth", "clients"], Names(root.GetProperty("rtsp")));
        Assert.Equal(["name", "state", "detail", "rtsp_path", "rtsp_url", "source", "width", "height", "fps", "encoder", "snapshot_url", "encoding", "measured_fps", "measured_bitrate_bps", "rtsp_clients", "live_viewers", "clients"], Names(root.GetProperty("cameras")[0]));
        Assert.Equal(["name", "camera", "url", "state", "detail", "bytes_sent"], Names(root.GetProperty("pushes")[0]));
        Assert.Equal(["rss_bytes", "managed_heap_bytes", "threads", "open_files"], Names(root.GetProperty("process")));
    }

    [Fact]
    public void Reports_the_process_resources()
    {
        var process = Render().GetProperty("process");

        Assert.Equal(64_880_640, process.GetProperty("rss_bytes").GetInt64());
        Assert.Equal(2_097_152, process.GetProperty("managed_heap_bytes").GetInt64());
        Assert.Equal(15, process.GetProperty("threads").GetInt32());
        Assert.Equal(16, process.GetProperty("open_files").GetInt32());
    }

    [Fact]
    public void Reports_the_device_cameras_pushes_and_audience()
    {
        var root = Render();

        Assert.Equal("porch <cam> & \"friends\"", root.GetProperty("device").GetString());
        Assert.Equal("9.8.7", root.GetProperty("version").GetString());
        Assert.InRange(root.GetProperty("uptime_s").GetInt64(), 3725, 3725 + 60);
        Assert.False(root.GetProperty("healthy").GetBoolean());
        Assert.Equal("camera back: failed (cannot open /dev/video2: No such device)", root.GetProperty("health_reason").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("fatal_error").ValueKind);

        var rtsp = root.GetProperty("rtsp");
        Assert.Equal("0.0.0.0:8554", rtsp.GetProperty("listen").GetString());
        Assert.Equal("digest", rtsp.GetProperty("auth").GetString());
        Assert.Equal(2, rtsp.GetProperty("clients").GetInt32());

        var cameras = root.GetProperty("cameras");
        Assert.Equal(2, cameras.GetArrayLength());
        var front = cameras[0];
        Assert.Equal("front", front.GetProperty("name").GetString());
        Assert.Equal("streaming", front.GetProperty("state").GetString());
        Assert.Equal("320x240@25 test pattern, libx264", front.GetProperty("detail").GetString());
        Assert.Equal("/front", front.GetProperty("rtsp_path").GetString());
        Assert.Equal("rtsp://192.168.1.20:8554/front", front.GetProperty("rtsp_url").GetString());
        Assert.Equal("test", front.GetProperty("source").GetString());
        Assert.Equal(320, front.GetProperty("width").GetInt32());
        Assert.Equal(240, front.GetProperty("height").GetInt32());
        Assert.Equal(25, front.GetProperty("fps").GetInt32());
        Assert.Equal("auto", front.GetProperty("encoder").GetString());
        // [http] listens on 127.0.0.1 only, so that is the host, whichever address the request came to.
        Assert.Equal("http://127.0.0.1:8080/cameras/front/snapshot.jpg", front.GetProperty("snapshot_url").GetString());
        Assert.Equal("libx264: profile main, preset superfast, vbr up to 2500 kbit/s, level auto", front.GetProperty("encoding").GetString());
        // This collector measures no rates: null, not a made-up zero. The two RTSP clients named no camera.
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null), (front.GetProperty("measured_fps").ValueKind, front.GetProperty("measured_bitrate_bps").ValueKind));
        Assert.Equal((0, 0), (front.GetProperty("rtsp_clients").GetInt32(), front.GetProperty("live_viewers").GetInt32()));
        var back = cameras[1];
        Assert.Equal("back", back.GetProperty("name").GetString());
        Assert.Equal("failed", back.GetProperty("state").GetString());
        Assert.Equal("cannot open /dev/video2:\nNo such device", back.GetProperty("detail").GetString());
        Assert.Equal("v4l2", back.GetProperty("source").GetString());
        Assert.Equal("v4l2m2m", back.GetProperty("encoder").GetString());
        Assert.Equal("", back.GetProperty("encoding").GetString());

        var push = Assert.Single(root.GetProperty("pushes").EnumerateArray());
        Assert.Equal("front→rtmp://upstream.example:1935/live", push.GetProperty("name").GetString());
        Assert.Equal("front", push.GetProperty("camera").GetString());
        Assert.Equal("rtmp://upstream.example:1935/live/****", push.GetProperty("url").GetString());
        Assert.Equal("retrying", push.GetProperty("state").GetString());
        Assert.Equal("retrying in 4 s: connection refused (****)", push.GetProperty("detail").GetString());
        Assert.Equal(123_456, push.GetProperty("bytes_sent").GetInt64());
    }

    [Fact]
    public void Is_healthy_when_every_camera_streams_whatever_the_pushes_do()
    {
        var config = StatusTestData.Config();
        var health = StatusTestData.Health(config, TimeProvider.System);
        health.SetCamera("back", CameraState.Streaming, "V4L2 /dev/video2 1280x720@30, h264_v4l2m2m");

        var root = Render(health);

        Assert.True(root.GetProperty("healthy").GetBoolean());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("health_reason").ValueKind);
    }

    [Fact]
    public void A_fatal_error_makes_it_unhealthy_and_is_reported_as_is()
    {
        var config = StatusTestData.Config();
        var health = StatusTestData.Health(config, TimeProvider.System);
        health.SetFatalError("cannot listen for RTSP on 0.0.0.0:8554 (AddressAlreadyInUse): change rtsp.listen");

        var root = Render(health);

        Assert.False(root.GetProperty("healthy").GetBoolean());
        Assert.Equal("fatal: cannot listen for RTSP on 0.0.0.0:8554 (AddressAlreadyInUse): change rtsp.listen", root.GetProperty("health_reason").GetString());
        Assert.Equal("cannot listen for RTSP on 0.0.0.0:8554 (AddressAlreadyInUse): change rtsp.listen", root.GetProperty("fatal_error").GetString());
    }
}
