using System.Net;
using System.Text;
using Edge.Media.Health;
using Edge.Status;

namespace Edge.Tests.Status;

public sealed class StatusHtmlTests
{
    private static string Render(Action<HealthModel>? change = null)
    {
        var config = StatusTestData.Config();
        var health = StatusTestData.Health(config, TimeProvider.System);
        change?.Invoke(health);
        return Encoding.UTF8.GetString(StatusHtml.Write(StatusTestData.Collector(config, health).Collect(IPAddress.Loopback)));
    }

    [Fact]
    public void Shows_device_version_uptime_cameras_audience_and_pushes()
    {
        var page = Render();

        Assert.StartsWith("<!DOCTYPE html>", page, StringComparison.Ordinal);
        Assert.Contains("<meta http-equiv=\"refresh\" content=\"5\">", page, StringComparison.Ordinal);
        Assert.Contains("<h1>porch &lt;cam&gt; &amp; &quot;friends&quot;</h1>", page, StringComparison.Ordinal);
        Assert.Contains("Edge 9.8.7 · up 1 h 2 min · 61.9 MiB of memory", page, StringComparison.Ordinal);
        Assert.Contains("<td>front</td><td><span class=\"state streaming\">streaming</span></td><td>320x240@25 test pattern, libx264<br><small>libx264: profile main, preset superfast, vbr up to 2500 kbit/s, level auto</small></td>", page, StringComparison.Ordinal);
        // The streaming camera links to its live view; the failed one has nothing to watch. The RTSP URL is text to copy (a browser cannot open it).
        Assert.Contains("<td><a href=\"/cameras/front\">live view</a><br><code class=\"copy\" title=\"RTSP URL: select and copy into VLC, ffplay or an NVR\">rtsp://127.0.0.1:8554/front</code></td>", page, StringComparison.Ordinal);
        Assert.Contains("<code class=\"copy\" title=\"RTSP URL: select and copy into VLC, ffplay or an NVR\">rtsp://127.0.0.1:8554/back</code></td>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<a href=\"rtsp://", page, StringComparison.Ordinal);
        // Nothing measured yet (no rates in this collector), nobody watching either camera (the two RTSP clients named none).
        Assert.Contains("rtsp://127.0.0.1:8554/front</code></td><td>measuring…</td><td>nobody</td><td>test, 320×240", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<a href=\"/cameras/back\">", page, StringComparison.Ordinal);
        Assert.Contains("test, 320×240 at 25 fps, encoder auto", page, StringComparison.Ordinal);
        Assert.Contains("<span class=\"state failed\">failed</span>", page, StringComparison.Ordinal);
        // The streaming camera shows its snapshot (refreshed with the page); the failed one has none to show.
        Assert.Contains("<td class=\"picture\"><a href=\"/cameras/front/snapshot.jpg\"><img src=\"/cameras/front/snapshot.jpg?width=320\" alt=\"front now\"></a></td><td>front</td>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("/cameras/back/snapshot.jpg", page, StringComparison.Ordinal);
        Assert.Contains("<p class=\"banner bad\">camera back: failed (cannot open /dev/video2: No such device)</p>", page, StringComparison.Ordinal);
        Assert.Contains("RTSP clients watching: <strong>2</strong>", page, StringComparison.Ordinal);
        Assert.Contains("login required", page, StringComparison.Ordinal);
        Assert.Contains("<code>rtmp://upstream.example:1935/live/****</code>", page, StringComparison.Ordinal);
        Assert.Contains("<span class=\"state retrying\">retrying</span>", page, StringComparison.Ordinal);
        Assert.Contains("<td>120.6 KiB</td>", page, StringComparison.Ordinal);
        Assert.EndsWith("</html>\n", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Never_shows_the_stream_key()
    {
        // The push's health detail carries the key (a careless error message); the page masks it.
        var page = Render();

        Assert.DoesNotContain("sk-live", page, StringComparison.Ordinal);
        Assert.DoesNotContain("hush1234", page, StringComparison.Ordinal);
        Assert.Contains("connection refused (****)", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Escapes_every_value_from_the_pipeline()
    {
        var page = Render(h => h.SetCamera("front", CameraState.Failed, "<script>alert(1)</script>"));

        Assert.DoesNotContain("<script>", page, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Says_all_is_well_when_every_camera_streams_and_shows_a_fatal_error_first()
    {
        var good = Render(h => h.SetCamera("back", CameraState.Streaming, "ok"));
        Assert.Contains("<p class=\"banner ok\">Every camera is streaming.</p>", good, StringComparison.Ordinal);

        var fatal = Render(h => h.SetFatalError("port 8554 <taken>"));
        Assert.Contains("<p class=\"banner bad\"><strong>Fatal error:</strong> port 8554 &lt;taken&gt;</p>", fatal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(25.0, 2_480_000.0, "25.0 fps · 2.48 Mbit/s")]
    [InlineData(14.96, 850_400.0, "15.0 fps · 850 kbit/s")]
    [InlineData(0.0, 0.0, "0.0 fps · 0 kbit/s")]
    public void Measured_rates_read_as_encoders_are_configured(double fps, double bitsPerSecond, string expected)
    {
        Assert.Equal(expected, StatusHtml.FormatMeasured(new Edge.Cameras.CameraRate(fps, bitsPerSecond, TimeSpan.FromSeconds(5))));
        Assert.Equal("measuring…", StatusHtml.FormatMeasured(null));
    }

    [Theory]
    [InlineData(0, "0 s")]
    [InlineData(42, "42 s")]
    [InlineData(61, "1 min 1 s")]
    [InlineData(3725, "1 h 2 min")]
    [InlineData(3 * 86400 + 4 * 3600 + 59, "3 d 4 h")]
    [InlineData(-5, "0 s")]
    public void Formats_uptime_in_two_units(int seconds, string expected) =>
        Assert.Equal(expected, StatusHtml.FormatUptime(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(1023, "1023 B")]
    [InlineData(1536, "1.5 KiB")]
    [InlineData(5L * 1024 * 1024 * 1024, "5.0 GiB")]
    public void Formats_byte_counts_in_binary_units(long bytes, string expected) =>
        Assert.Equal(expected, StatusHtml.FormatBytes(bytes));

    [Theory]
    [InlineData(64_880_640L, " · 61.9 MiB of memory")]
    [InlineData(-1L, "")]
    public void Shows_memory_only_when_it_was_read(long bytes, string expected) =>
        Assert.Equal(expected, StatusHtml.FormatMemory(bytes));
}
