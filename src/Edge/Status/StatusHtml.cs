using System.Globalization;
using System.Net;
using System.Text;
using Edge.Cameras;
using Edge.Config;
using Edge.Live;
using Edge.Snapshots;

namespace Edge.Status;

/// <summary>
/// <c>GET /</c>: the snapshot as a small HTML page for a person on the LAN. No script and no
/// external assets (the box may have no internet); it reloads itself every few seconds.
/// Every value from the config or the pipeline is HTML-escaped. On a narrow screen (a phone) each
/// table row becomes a card of labelled lines, so nothing is wider than the screen.
/// </summary>
internal static class StatusHtml
{
    public const string ContentType = "text/html; charset=utf-8";

    /// <summary>
    /// The page needs nothing but its own inline style and the cameras' snapshots from this same
    /// server: no scripts, frames or forms, so a value that slipped past escaping could still do nothing.
    /// </summary>
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>Width of the snapshot shown for each camera (the page's reload fetches a new one).</summary>
    public const int PictureWidth = 320;

    /// <summary>Seconds between automatic reloads.</summary>
    public const int RefreshSeconds = 5;

    private const string Style = """
        body{font:15px/1.4 system-ui,sans-serif;margin:1.5em auto;max-width:64em;padding:0 1em;color:#222;background:#fafafa}
        h1{margin:0 0 .2em;font-size:1.6em}h2{font-size:1.15em;margin:1.6em 0 .4em}
        .meta{color:#666;margin:0 0 1em}
        .banner{padding:.6em .9em;border-radius:4px;margin:1em 0}
        .ok{background:#e3f4e1;color:#1d5e17}.bad{background:#fbe3e1;color:#8a1c12}
        table{border-collapse:collapse;width:100%;background:#fff}
        th,td{text-align:left;padding:.35em .6em;border-bottom:1px solid #e4e4e4;vertical-align:top}
        th{font-weight:600;background:#f0f0f0}
        .state{display:inline-block;padding:0 .5em;border-radius:3px;font-weight:600}
        .streaming,.live{background:#e3f4e1;color:#1d5e17}
        .starting,.connecting{background:#fff4d6;color:#7a5a00}
        .failed,.retrying{background:#fbe3e1;color:#8a1c12}
        .stopped,.disabled{background:#eee;color:#555}
        code{font-size:.95em;overflow-wrap:anywhere}
        code.copy{user-select:all;-webkit-user-select:all;cursor:text;background:#f0f0f0;padding:0 .2em}
        .picture img{display:block;width:160px;max-width:100%;height:auto;background:#ddd}
        .problem{color:#8a1c12}
        pre.panel{display:inline-block;margin:.2em 0;padding:.4em .6em;background:#111;color:#e8f4ff;font:13px/1.3 ui-monospace,monospace;border-radius:4px}
        @media (max-width:44em){
        body{margin:.8em auto;padding:0 .6em}
        table,tbody,tr,td{display:block;width:auto}
        table{background:none}
        tr:first-child{display:none}
        tr{background:#fff;margin:0 0 1em;border:1px solid #e4e4e4;border-radius:4px;padding:.4em .6em}
        td{border:0;padding:.15em 0}
        td::before{display:inline-block;min-width:6.5em;color:#666;font-size:.9em}
        table.cameras td:nth-child(2)::before{content:"Camera"}
        table.cameras td:nth-child(3)::before{content:"State"}
        table.cameras td:nth-child(4)::before{content:"Running"}
        table.cameras td:nth-child(5)::before{content:"Watch"}
        table.cameras td:nth-child(6)::before{content:"Measured"}
        table.cameras td:nth-child(7)::before{content:"Watching"}
        table.cameras td:nth-child(8)::before{content:"Configured"}
        table.pushes td:nth-child(1)::before{content:"Camera"}
        table.pushes td:nth-child(2)::before{content:"Server"}
        table.pushes td:nth-child(3)::before{content:"State"}
        table.pushes td:nth-child(4)::before{content:"Detail"}
        table.pushes td:nth-child(5)::before{content:"Sent"}
        table.clients td:nth-child(1)::before{content:"Camera"}
        table.clients td:nth-child(2)::before{content:"Client"}
        table.clients td:nth-child(3)::before{content:"Transport"}
        table.clients td:nth-child(4)::before{content:"Since"}
        table.clients td:nth-child(5)::before{content:"Sent"}
        table.leds td:nth-child(1)::before{content:"LED"}
        table.leds td:nth-child(2)::before{content:"Line"}
        table.leds td:nth-child(3)::before{content:"Showing"}
        .picture img{width:100%;max-width:480px}
        }
        """;

    public static byte[] Write(StatusSnapshot status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var page = new StringBuilder(4096);
        page.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append(CultureInfo.InvariantCulture, $"<meta http-equiv=\"refresh\" content=\"{RefreshSeconds}\">\n")
            .Append("<title>").Append(Escape(status.Device)).Append(" · Edge</title>\n")
            .Append("<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n");

        page.Append("<h1>").Append(Escape(status.Device)).Append("</h1>\n")
            .Append("<p class=\"meta\">Edge ").Append(Escape(status.Version))
            .Append(" · up ").Append(FormatUptime(status.Uptime))
            .Append(FormatMemory(status.Process.ResidentBytes))
            .Append(" · <a href=\"/api/status\">JSON</a> · <a href=\"/healthz\">health check</a></p>\n");

        if (status.FatalError is { } fatal)
            page.Append("<p class=\"banner bad\"><strong>Fatal error:</strong> ").Append(Escape(fatal)).Append("</p>\n");
        else if (status.Problem is { } problem)
            page.Append("<p class=\"banner bad\">").Append(Escape(problem)).Append("</p>\n");
        else
            page.Append("<p class=\"banner ok\">").Append(status.Cameras.Count switch { 0 => "Running.", 1 => "The camera is streaming.", _ => "Every camera is streaming." }).Append("</p>\n");

        if (status.ReloadRefused is { } refused)
        {
            // Beside the health banner, not instead of it: the running config is still healthy or not on its own.
            page.Append("<div class=\"banner bad\"><strong>Reload refused</strong>; the running config stays. ")
                .Append(Escape(refused.File)).Append(" has:<ul>\n");
            foreach (var error in refused.Errors)
                page.Append("<li><code>").Append(Escape(error)).Append("</code></li>\n");
            page.Append("</ul></div>\n");
        }

        WriteCameras(page, status);
        page.Append(CultureInfo.InvariantCulture, $"<p>RTSP clients watching: <strong>{status.RtspClients}</strong> (RTSP server on <code>{Escape(status.RtspListen.ToString())}</code>")
            .Append(status.RtspAuth == RtspAuthMode.None ? "" : ", login required").Append(")</p>\n");
        WriteClients(page, status);
        WritePushes(page, status);
        WriteGpio(page, status);
        WriteDisplay(page, status);

        page.Append("</body>\n</html>\n");
        return Encoding.UTF8.GetBytes(page.ToString());
    }

    private static void WriteCameras(StringBuilder page, StatusSnapshot status)
    {
        page.Append("<h2>Cameras</h2>\n");
        if (status.Cameras.Count == 0)
        {
            page.Append("<p>No cameras are configured.</p>\n");
            return;
        }

        page.Append("<table class=\"cameras\">\n<tr><th>Picture</th><th>Camera</th><th>State</th><th>Detail</th><th>Watch</th><th>Measured</th><th>Watching</th><th>Configured</th></tr>\n");
        foreach (var camera in status.Cameras)
        {
            var state = CameraStatus.StateName(camera.State);
            page.Append("<tr><td class=\"picture\">");
            WritePicture(page, camera);
            page.Append("</td><td>").Append(Escape(camera.Name))
                .Append("</td><td><span class=\"state ").Append(state).Append("\">").Append(state).Append("</span>")
                .Append("</td><td>").Append(Escape(camera.Detail))
                .Append(camera.Encoding.Length == 0 ? "" : "<br><small>" + Escape(camera.Encoding) + "</small>")
                .Append("</td><td>");
            WriteLiveLink(page, camera);
            // A browser cannot open rtsp://, so the URL is there to copy: one click or long press selects all of it.
            page.Append("<code class=\"copy\" title=\"RTSP URL: select and copy into VLC, ffplay or an NVR\">").Append(Escape(camera.RtspUrl)).Append("</code>")
                .Append("</td><td>").Append(FormatMeasured(camera.Measured))
                .Append("</td><td>").Append(FormatWatching(camera))
                .Append("</td><td>").Append(CameraStatus.SourceName(camera.Source))
                .Append(CultureInfo.InvariantCulture, $", {camera.Width}×{camera.Height} at {camera.Fps} fps, encoder ")
                .Append(CameraStatus.EncoderName(camera.Encoder))
                .Append("</td></tr>\n");
        }
        page.Append("</table>\n");
    }

    /// <summary>
    /// A streaming camera's snapshot, scaled down, linking to the full-size one; it is fetched anew
    /// with each reload of the page. Other cameras have no picture to show.
    /// </summary>
    private static void WritePicture(StringBuilder page, CameraStatus camera)
    {
        if (camera.State != Edge.Media.Health.CameraState.Streaming)
        {
            page.Append("—");
            return;
        }
        var path = Escape(SnapshotRegistry.PathOf(camera.Name));
        page.Append("<a href=\"").Append(path).Append("\"><img src=\"").Append(path)
            .Append(CultureInfo.InvariantCulture, $"?width={PictureWidth}\" alt=\"").Append(Escape(camera.Name)).Append(" now\"></a>");
    }

    /// <summary>A streaming camera's live view in the browser (<see cref="LivePage"/>), before its RTSP URL.</summary>
    private static void WriteLiveLink(StringBuilder page, CameraStatus camera)
    {
        if (camera.State == Edge.Media.Health.CameraState.Streaming)
            page.Append("<a href=\"").Append(Escape(LivePage.PathOf(camera.Name))).Append("\">live view</a><br>");
    }

    private static void WritePushes(StringBuilder page, StatusSnapshot status)
    {
        if (status.Pushes.Count == 0)
            return;
        page.Append("<h2>Pushes</h2>\n<table class=\"pushes\">\n<tr><th>Camera</th><th>Server</th><th>State</th><th>Detail</th><th>Sent</th></tr>\n");
        foreach (var push in status.Pushes)
        {
            var state = PushStatus.StateName(push.State);
            page.Append("<tr><td>").Append(Escape(push.Camera))
                .Append("</td><td><code>").Append(Escape(push.Url)).Append("</code>")
                .Append("</td><td><span class=\"state ").Append(state).Append("\">").Append(state).Append("</span>")
                .Append("</td><td>").Append(Escape(push.Detail))
                .Append("</td><td>").Append(FormatBytes(push.BytesSent))
                .Append("</td></tr>\n");
        }
        page.Append("</table>\n");
    }

    /// <summary>Every client watching a camera: where from, how, since when and what it was sent.</summary>
    private static void WriteClients(StringBuilder page, StatusSnapshot status)
    {
        if (status.Cameras.All(c => c.Clients.Count == 0))
            return;
        page.Append("<h2>Watching</h2>\n<table class=\"clients\">\n<tr><th>Camera</th><th>Client</th><th>Transport</th><th>Since</th><th>Sent</th></tr>\n");
        foreach (var camera in status.Cameras)
        {
            foreach (var client in camera.Clients)
            {
                page.Append("<tr><td>").Append(Escape(camera.Name))
                    .Append("</td><td><code>").Append(Escape(client.Address)).Append("</code>")
                    .Append("</td><td>").Append(ClientStatus.TransportLabel(client.Transport))
                    .Append("</td><td>").Append(FormatSince(client.Since, status.TakenAt))
                    .Append("</td><td>").Append(FormatBytes(client.BytesSent))
                    .Append("</td></tr>\n");
            }
        }
        page.Append("</table>\n");
    }

    /// <summary>Each LED's line and what it shows now, and the button's line and last press.</summary>
    private static void WriteGpio(StringBuilder page, StatusSnapshot status)
    {
        if (status.Gpio is not { } gpio)
            return;
        page.Append("<h2>LEDs and button</h2>\n");
        if (gpio.Leds.Count > 0)
        {
            page.Append("<table class=\"leds\">\n<tr><th>LED</th><th>Line</th><th>Showing</th></tr>\n");
            foreach (var led in gpio.Leds)
            {
                page.Append("<tr><td>").Append(Escape(led.Role))
                    .Append("</td><td><code>").Append(Escape(led.Chip)).Append(' ').Append(Escape(led.Line)).Append("</code>")
                    .Append("</td><td>").Append(Escape(led.Pattern));
                if (led.Problem is { } problem)
                    page.Append("<br><small class=\"problem\">").Append(Escape(problem)).Append("</small>");
                page.Append("</td></tr>\n");
            }
            page.Append("</table>\n");
        }
        if (gpio.Button is { } button)
        {
            page.Append("<p>Button on <code>").Append(Escape(button.Chip)).Append(' ').Append(Escape(button.Line)).Append("</code>: ");
            if (button.LastPress is { } press && button.LastPressAt is { } at)
                page.Append("last pressed (").Append(Escape(press)).Append(") at ").Append(FormatSince(at, status.TakenAt)).Append(" ago");
            else
                page.Append("not pressed since edge started");
            if (button.Problem is { } problem)
                page.Append("<br><small class=\"problem\">").Append(Escape(problem)).Append("</small>");
            page.Append("</p>\n");
        }
    }

    /// <summary>The OLED's panel and the text on it now, as it looks (light on dark).</summary>
    private static void WriteDisplay(StringBuilder page, StatusSnapshot status)
    {
        if (status.Display is not { } display)
            return;
        page.Append("<h2>Display</h2>\n<p>").Append(Escape(display.Driver)).Append("</p>\n");
        if (display.Problem is { } problem)
            page.Append("<p class=\"banner bad\">").Append(Escape(problem)).Append("</p>\n");
        if (display.Lines.Count > 0)
            page.Append("<pre class=\"panel\" title=\"what the display shows\">").Append(Escape(string.Join('\n', display.Lines))).Append("</pre>\n");
    }

    /// <summary>"18:40:12 UTC, 5 min 3 s": when, and how long before the page was made.</summary>
    internal static string FormatSince(DateTimeOffset since, DateTimeOffset now) =>
        since.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture) + " UTC, " + FormatUptime(now - since);

    /// <summary>"25.0 fps · 1.24 Mbit/s" as the camera delivered them over the last seconds; "measuring…" in its first second.</summary>
    internal static string FormatMeasured(CameraRate? measured) =>
        measured is not { } rate ? "measuring…"
        : string.Create(CultureInfo.InvariantCulture, $"{rate.FramesPerSecond:0.0} fps · {FormatBitrate(rate.BitsPerSecond)}");

    /// <summary>A bitrate in decimal units, as encoders are configured: "850 kbit/s", "2.48 Mbit/s".</summary>
    internal static string FormatBitrate(double bitsPerSecond) =>
        bitsPerSecond >= 1_000_000
            ? string.Create(CultureInfo.InvariantCulture, $"{bitsPerSecond / 1_000_000:0.00} Mbit/s")
            : string.Create(CultureInfo.InvariantCulture, $"{bitsPerSecond / 1000:0} kbit/s");

    /// <summary>"2 RTSP · 1 browser", or "nobody".</summary>
    private static string FormatWatching(CameraStatus camera) =>
        (camera.RtspClients, camera.LiveViewers) switch
        {
            (0, 0) => "nobody",
            (var rtsp, 0) => $"{rtsp} RTSP",
            (0, var live) => $"{live} live",
            var (rtsp, live) => $"{rtsp} RTSP · {live} live",
        };

    /// <summary>" · 61.9 MiB of memory", or nothing when it could not be read.</summary>
    internal static string FormatMemory(long residentBytes) =>
        residentBytes < 0 ? "" : $" · {FormatBytes(residentBytes)} of memory";

    /// <summary>The uptime in its two largest units: "3 d 4 h", "5 h 12 min", "42 s".</summary>
    internal static string FormatUptime(TimeSpan uptime)
    {
        if (uptime < TimeSpan.Zero)
            uptime = TimeSpan.Zero;
        return uptime.TotalDays >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)uptime.TotalDays} d {uptime.Hours} h")
            : uptime.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{uptime.Hours} h {uptime.Minutes} min")
            : uptime.TotalMinutes >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{uptime.Minutes} min {uptime.Seconds} s")
            : string.Create(CultureInfo.InvariantCulture, $"{uptime.Seconds} s");
    }

    /// <summary>A byte count in binary units: "512 B", "1.5 KiB", "12.3 MiB", "4.0 GiB".</summary>
    internal static string FormatBytes(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
