using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Edge.Config;

namespace Edge.Status;

/// <summary>
/// <c>GET /api/status</c>: the snapshot as JSON, written field by field with <see cref="Utf8JsonWriter"/>
/// (no reflection, so NativeAOT keeps it). The field names are a public interface: add fields, never
/// rename or remove one.
/// </summary>
/// <remarks>
/// <code>
/// {
///   "device": "edge-cam",              [device] name
///   "version": "0.1.0",
///   "uptime_s": 3600,                  whole seconds since the daemon started
///   "healthy": true,                   what /healthz answers: no fatal error, every camera streaming
///   "health_reason": null,             one line saying what is wrong, when not healthy
///   "fatal_error": null,               a problem that stops the daemon doing its job
///   "rtsp": { "listen": "0.0.0.0:8554", "auth": "none", "clients": 1 },
///   "cameras": [ { "name", "state", "detail", "rtsp_path", "rtsp_url",
///                  "source", "width", "height", "fps", "encoder",
///                  "snapshot_url",           a JPEG of the current picture (GET; ?width=N scales it down)
///                  "encoding",              the running encoder's effective settings
///                  "measured_fps", "measured_bitrate_bps",   over the last seconds; null in the first second
///                  "rtsp_clients", "live_viewers",          watching this camera now
///                  "clients": [ { "address": "192.168.1.20:50514",
///                                 "transport": "rtsp-tcp",   rtsp-udp, rtsp-tcp, rtsp-multicast, websocket, http
///                                 "since": "2026-05-01T12:00:00Z", "for_s": 42, "bytes_sent": 1048576 } ] } ],
///   "pushes": [ { "name", "camera", "url", "state", "detail", "bytes_sent" } ],
///   "gpio": { "leds": [ { "role": "status", "chip": "gpiochip0", "line": "GPIO17",
///                         "pattern": "on", "problem": null } ],          pattern "unavailable" with a problem
///             "button": { "chip", "line", "last_press": "short", "last_press_at": "2026-…Z", "problem" } },
///                                      null without [leds] and [button]; button null without [button]
///   "display": { "driver": "SSD1306/SSD1309 128x64 OLED on I2C bus 1 address 0x3C",
///                "lines": [ "edge-cam", "192.168.1.23", … ], "problem": null },   null without [display]
///   "process": { "rss_bytes": 64880640, "managed_heap_bytes": 2097152, "threads": 15, "open_files": 16 },
///   "reload_refused": null             or { "file", "at", "errors": ["edge.toml:4:7: …"] }: the last
///                                      reload found errors, so the running config stayed
/// }
/// </code>
/// Camera states: starting, streaming, failed, stopped. Push states: disabled, connecting, live,
/// retrying. A push's <c>url</c> has its stream key masked as <c>****</c>. <c>process</c> is for
/// watching a long run: numbers that only ever grow are a leak (-1: could not be read).
/// </remarks>
internal static class StatusJson
{
    public const string ContentType = "application/json";

    public static byte[] Write(StatusSnapshot status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var output = new ArrayBufferWriter<byte>(2048);
        using (var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("device", status.Device);
            json.WriteString("version", status.Version);
            json.WriteNumber("uptime_s", (long)status.Uptime.TotalSeconds);
            var problem = status.Problem;
            json.WriteBoolean("healthy", problem is null);
            WriteStringOrNull(json, "health_reason", problem);
            WriteStringOrNull(json, "fatal_error", status.FatalError);

            json.WriteStartObject("rtsp");
            json.WriteString("listen", status.RtspListen.ToString());
            json.WriteString("auth", AuthName(status.RtspAuth));
            json.WriteNumber("clients", status.RtspClients);
            json.WriteEndObject();

            json.WriteStartArray("cameras");
            foreach (var camera in status.Cameras)
            {
                json.WriteStartObject();
                json.WriteString("name", camera.Name);
                json.WriteString("state", CameraStatus.StateName(camera.State));
                json.WriteString("detail", camera.Detail);
                json.WriteString("rtsp_path", camera.RtspPath);
                json.WriteString("rtsp_url", camera.RtspUrl);
                json.WriteString("source", CameraStatus.SourceName(camera.Source));
                json.WriteNumber("width", camera.Width);
                json.WriteNumber("height", camera.Height);
                json.WriteNumber("fps", camera.Fps);
                json.WriteString("encoder", CameraStatus.EncoderName(camera.Encoder));
                json.WriteString("snapshot_url", camera.SnapshotUrl);
                json.WriteString("encoding", camera.Encoding);
                if (camera.Measured is { } measured)
                {
                    json.WriteNumber("measured_fps", Math.Round(measured.FramesPerSecond, 2));
                    json.WriteNumber("measured_bitrate_bps", Math.Round(measured.BitsPerSecond));
                }
                else
                {
                    json.WriteNull("measured_fps");
                    json.WriteNull("measured_bitrate_bps");
                }
                json.WriteNumber("rtsp_clients", camera.RtspClients);
                json.WriteNumber("live_viewers", camera.LiveViewers);
                json.WriteStartArray("clients");
                foreach (var client in camera.Clients)
                {
                    json.WriteStartObject();
                    json.WriteString("address", client.Address);
                    json.WriteString("transport", ClientStatus.TransportName(client.Transport));
                    json.WriteString("since", Timestamp(client.Since));
                    json.WriteNumber("for_s", Math.Max(0, (long)(status.TakenAt - client.Since).TotalSeconds));
                    json.WriteNumber("bytes_sent", client.BytesSent);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();

            json.WriteStartArray("pushes");
            foreach (var push in status.Pushes)
            {
                json.WriteStartObject();
                json.WriteString("name", push.Name);
                json.WriteString("camera", push.Camera);
                json.WriteString("url", push.Url);
                json.WriteString("state", PushStatus.StateName(push.State));
                json.WriteString("detail", push.Detail);
                json.WriteNumber("bytes_sent", push.BytesSent);
                json.WriteEndObject();
            }
            json.WriteEndArray();

            WriteGpio(json, status.Gpio);
            WriteDisplay(json, status.Display);

            json.WriteStartObject("process");
            json.WriteNumber("rss_bytes", status.Process.ResidentBytes);
            json.WriteNumber("managed_heap_bytes", status.Process.ManagedHeapBytes);
            json.WriteNumber("threads", status.Process.Threads);
            json.WriteNumber("open_files", status.Process.OpenFiles);
            json.WriteEndObject();

            WriteReloadRefused(json, status.ReloadRefused);

            json.WriteEndObject();
        }
        output.Write("\n"u8);
        return output.WrittenSpan.ToArray();
    }

    private static void WriteGpio(Utf8JsonWriter json, GpioStatus? gpio)
    {
        if (gpio is null)
        {
            json.WriteNull("gpio");
            return;
        }
        json.WriteStartObject("gpio");
        json.WriteStartArray("leds");
        foreach (var led in gpio.Leds)
        {
            json.WriteStartObject();
            json.WriteString("role", led.Role);
            json.WriteString("chip", led.Chip);
            json.WriteString("line", led.Line);
            json.WriteString("pattern", led.Pattern);
            WriteStringOrNull(json, "problem", led.Problem);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (gpio.Button is { } button)
        {
            json.WriteStartObject("button");
            json.WriteString("chip", button.Chip);
            json.WriteString("line", button.Line);
            WriteStringOrNull(json, "last_press", button.LastPress);
            WriteStringOrNull(json, "last_press_at", button.LastPressAt is { } at ? Timestamp(at) : null);
            WriteStringOrNull(json, "problem", button.Problem);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("button");
        }
        json.WriteEndObject();
    }

    private static void WriteDisplay(Utf8JsonWriter json, DisplayStatus? display)
    {
        if (display is null)
        {
            json.WriteNull("display");
            return;
        }
        json.WriteStartObject("display");
        json.WriteString("driver", display.Driver);
        json.WriteStartArray("lines");
        foreach (var line in display.Lines)
            json.WriteStringValue(line);
        json.WriteEndArray();
        WriteStringOrNull(json, "problem", display.Problem);
        json.WriteEndObject();
    }

    /// <summary>UTC to the second, ISO 8601: "2026-05-01T12:00:00Z".</summary>
    private static string Timestamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void WriteReloadRefused(Utf8JsonWriter json, Reload.ReloadRefusal? refusal)
    {
        if (refusal is null)
        {
            json.WriteNull("reload_refused");
            return;
        }
        json.WriteStartObject("reload_refused");
        json.WriteString("file", refusal.File);
        json.WriteString("at", refusal.At);
        json.WriteStartArray("errors");
        foreach (var error in refusal.Errors)
            json.WriteStringValue(error);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteStringOrNull(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
            json.WriteNull(name);
        else
            json.WriteString(name, value);
    }

    private static string AuthName(RtspAuthMode auth) => auth switch
    {
        RtspAuthMode.None => "none",
        RtspAuthMode.Basic => "basic",
        RtspAuthMode.Digest => "digest",
        _ => "unknown",
    };
}
