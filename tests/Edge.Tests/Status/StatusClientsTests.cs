using System.Device.Gpio;
using System.Net;
using System.Text;
using System.Text.Json;
using Edge.Gpio;
using Edge.Gpio.Buttons;
using Edge.Gpio.Leds;
using Edge.Gpio.Tests.Support;
using Edge.Live;
using Edge.Media.Health;
using Edge.Rtsp.Server;
using Edge.Status;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Tests.Status;

/// <summary>
/// Who watches each camera, the LEDs and button, and the display, from the status board through
/// the collector into the JSON and the page, on a clock the test moves.
/// </summary>
public sealed class StatusClientsTests : IDisposable
{
    private static readonly DateTimeOffset Noon = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Noon);
    private readonly StatusBoard _board = new();
    private readonly FakeSessions _sessions = new();
    private readonly List<LiveViewerInfo> _viewers = [];
    private readonly Edge.Config.EdgeConfig _config = StatusTestData.Config();
    private readonly HealthModel _health;
    private LedController? _leds;

    public StatusClientsTests()
    {
        _health = StatusTestData.Health(_config, _time);
        _board.RtspSessions = _sessions;
    }

    public void Dispose() => _leds?.Stop();

    private StatusSnapshot Collect() =>
        new StatusCollector(_config, _health, _time, _time.GetTimestamp(), "9.8.7", () => StatusTestData.Process, liveViewers: () => _viewers, board: _board)
            .Collect(IPAddress.Loopback);

    /// <summary>A TCP client at noon, a UDP one a minute later, a browser two minutes later; then 5 min 3 s after noon.</summary>
    private void ThreeClientsOfFront()
    {
        _sessions.Playing.Add(new RtspSessionInfo("front", new IPEndPoint(IPAddress.Loopback, 50000), RtspClientTransport.TcpInterleaved, Noon, 1_048_576));
        _sessions.Playing.Add(new RtspSessionInfo("front", new IPEndPoint(IPAddress.Parse("192.168.1.30"), 40000), RtspClientTransport.Udp, Noon.AddMinutes(1), 512));
        _sessions.Playing.Add(new RtspSessionInfo("elsewhere", new IPEndPoint(IPAddress.Loopback, 50001), RtspClientTransport.Multicast, Noon, 1));
        _viewers.Add(new LiveViewerInfo("front", new IPEndPoint(IPAddress.Parse("::ffff:10.0.0.5"), 6000), LiveTransport.WebSocket, Noon.AddMinutes(2), 2048));
        _time.SetUtcNow(Noon + new TimeSpan(0, 5, 3));
    }

    [Fact]
    public void Each_camera_lists_its_own_clients_longest_watching_first()
    {
        ThreeClientsOfFront();

        var status = Collect();

        var front = status.Cameras.Single(c => c.Name == "front");
        Assert.Equal(
            [
                new ClientStatus("127.0.0.1:50000", ClientTransport.RtspTcp, Noon, 1_048_576),
                new ClientStatus("192.168.1.30:40000", ClientTransport.RtspUdp, Noon.AddMinutes(1), 512),
                new ClientStatus("10.0.0.5:6000", ClientTransport.WebSocket, Noon.AddMinutes(2), 2048),
            ],
            front.Clients);
        Assert.Equal(1, front.LiveViewers);
        Assert.Empty(status.Cameras.Single(c => c.Name == "back").Clients);
        Assert.Equal(Noon + new TimeSpan(0, 5, 3), status.TakenAt);
    }

    [Fact]
    public void The_json_gives_each_client_its_address_transport_start_and_bytes()
    {
        ThreeClientsOfFront();

        var root = JsonDocument.Parse(StatusJson.Write(Collect())).RootElement;

        var clients = root.GetProperty("cameras")[0].GetProperty("clients");
        Assert.Equal(3, clients.GetArrayLength());
        var tcp = clients[0];
        Assert.Equal(["address", "transport", "since", "for_s", "bytes_sent"], tcp.EnumerateObject().Select(p => p.Name));
        Assert.Equal("127.0.0.1:50000", tcp.GetProperty("address").GetString());
        Assert.Equal("rtsp-tcp", tcp.GetProperty("transport").GetString());
        Assert.Equal("2026-05-01T12:00:00Z", tcp.GetProperty("since").GetString());
        Assert.Equal(303, tcp.GetProperty("for_s").GetInt64());
        Assert.Equal(1_048_576, tcp.GetProperty("bytes_sent").GetInt64());
        Assert.Equal("rtsp-udp", clients[1].GetProperty("transport").GetString());
        Assert.Equal("websocket", clients[2].GetProperty("transport").GetString());
        Assert.Equal("10.0.0.5:6000", clients[2].GetProperty("address").GetString());
        Assert.Equal(0, root.GetProperty("cameras")[1].GetProperty("clients").GetArrayLength());
        // Without [leds], [button] or [display] there is nothing to show.
        Assert.Equal(JsonValueKind.Null, root.GetProperty("gpio").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("display").ValueKind);
    }

    [Fact]
    public void The_page_lists_the_clients_in_a_table_that_becomes_cards_on_a_phone()
    {
        ThreeClientsOfFront();

        var page = Encoding.UTF8.GetString(StatusHtml.Write(Collect()));

        Assert.Contains("<h2>Watching</h2>", page, StringComparison.Ordinal);
        Assert.Contains("<tr><td>front</td><td><code>127.0.0.1:50000</code></td><td>RTSP over TCP (interleaved)</td><td>12:00:00 UTC, 5 min 3 s</td><td>1.0 MiB</td></tr>", page, StringComparison.Ordinal);
        Assert.Contains("<tr><td>front</td><td><code>192.168.1.30:40000</code></td><td>RTSP over UDP</td><td>12:01:00 UTC, 4 min 3 s</td><td>512 B</td></tr>", page, StringComparison.Ordinal);
        Assert.Contains("<tr><td>front</td><td><code>10.0.0.5:6000</code></td><td>browser live view (WebSocket)</td><td>12:02:00 UTC, 3 min 3 s</td><td>2.0 KiB</td></tr>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("50001", page, StringComparison.Ordinal); // a path that is no camera of this config
        Assert.Contains("table.clients td:nth-child(3)::before{content:\"Transport\"}", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Nobody_watching_leaves_the_table_out()
    {
        var page = Encoding.UTF8.GetString(StatusHtml.Write(Collect()));

        Assert.DoesNotContain("<h2>Watching</h2>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_leds_show_their_line_and_what_they_do_now_and_the_button_its_last_press()
    {
        // Camera "back" failed and the push retries: the status LED double-blinks, the upstream one blinks.
        var options = new StatusLedOptions("gpiochip0", false,
            [new StatusLed(LedRole.Status, GpioLineId.Named("GPIO17"), "leds.status"), new StatusLed(LedRole.Upstream, GpioLineId.At(27), "leds.upstream")]);
        var lines = new FakeGpioDriver(_time, 17, 27);
        _leds = new LedController([LedRole.Status, LedRole.Upstream], () => Outputs(lines, [17, 27]), _health, _time, NullLogger.Instance);
        _leds.Start();
        _board.Gpio.LedsStarted(options, _leds);
        var buttonOptions = new ButtonOptions("gpiochip0", GpioLineId.Named("GPIO22"), "button.line", false, TimeSpan.FromMilliseconds(30), TimeSpan.FromSeconds(3));
        using var button = new ButtonWatcher(() => throw new InvalidOperationException("not opened in this test"), buttonOptions.Debounce, buttonOptions.LongPress, _time, NullLogger.Instance);
        _board.Gpio.ButtonStarted(buttonOptions, button);
        await Until(() => _leds.PatternOf(LedRole.Upstream) != LedPattern.Off);

        var page = Encoding.UTF8.GetString(StatusHtml.Write(Collect()));
        Assert.Contains("<tr><td>status</td><td><code>gpiochip0 GPIO17</code></td><td>double-blink</td></tr>", page, StringComparison.Ordinal);
        Assert.Contains("<tr><td>upstream</td><td><code>gpiochip0 27</code></td><td>blink</td></tr>", page, StringComparison.Ordinal);
        Assert.Contains("<p>Button on <code>gpiochip0 GPIO22</code>: not pressed since edge started</p>", page, StringComparison.Ordinal);

        _board.Gpio.Pressed("long", Noon.AddMinutes(4));
        _time.SetUtcNow(Noon.AddMinutes(5));
        var status = Collect();
        page = Encoding.UTF8.GetString(StatusHtml.Write(status));
        Assert.Contains("<p>Button on <code>gpiochip0 GPIO22</code>: last pressed (long) at 12:04:00 UTC, 1 min 0 s ago</p>", page, StringComparison.Ordinal);
        var gpio = JsonDocument.Parse(StatusJson.Write(status)).RootElement.GetProperty("gpio");
        Assert.Equal("double-blink", gpio.GetProperty("leds")[0].GetProperty("pattern").GetString());
        Assert.Equal("GPIO17", gpio.GetProperty("leds")[0].GetProperty("line").GetString());
        Assert.Equal("upstream", gpio.GetProperty("leds")[1].GetProperty("role").GetString());
        Assert.Equal(JsonValueKind.Null, gpio.GetProperty("leds")[1].GetProperty("problem").ValueKind);
        Assert.Equal("long", gpio.GetProperty("button").GetProperty("last_press").GetString());
        Assert.Equal("2026-05-01T12:04:00Z", gpio.GetProperty("button").GetProperty("last_press_at").GetString());
    }

    [Fact]
    public void Leds_that_cannot_be_driven_say_why()
    {
        var options = new StatusLedOptions("gpiochip0", false, [new StatusLed(LedRole.Status, GpioLineId.Named("GPIO17"), "leds.status")]);
        var lines = new FakeGpioDriver(_time, 17);
        _leds = new LedController([LedRole.Status], () => throw new GpioException("leds.status: no line named \"GPIO17\" on gpiochip0", "gpiochip0", 0), _health, _time, NullLogger.Instance);
        _leds.Start();
        _board.Gpio.LedsStarted(options, _leds);

        var status = Collect();

        var page = Encoding.UTF8.GetString(StatusHtml.Write(status));
        Assert.Contains("<tr><td>status</td><td><code>gpiochip0 GPIO17</code></td><td>unavailable<br><small class=\"problem\">leds.status: no line named &quot;GPIO17&quot; on gpiochip0</small></td></tr>", page, StringComparison.Ordinal);
        var led = JsonDocument.Parse(StatusJson.Write(status)).RootElement.GetProperty("gpio").GetProperty("leds")[0];
        Assert.Equal("unavailable", led.GetProperty("pattern").GetString());
        Assert.Contains("no line named", led.GetProperty("problem").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(StatusJson.Write(status)).RootElement.GetProperty("gpio").GetProperty("button").ValueKind);
        Assert.Empty(lines.Writes);
    }

    [Fact]
    public void The_display_shows_its_panel_and_the_text_on_it_or_its_problem()
    {
        _board.Display.Opening("SSD1306/SSD1309 128x64 OLED on I2C bus 1 address 0x3C");
        _board.Display.Shown(["porch", "192.168.1.23", "front  <streaming>  2", "", "", "", "", ""], null);

        var status = Collect();
        var page = Encoding.UTF8.GetString(StatusHtml.Write(status));
        Assert.Contains("<h2>Display</h2>\n<p>SSD1306/SSD1309 128x64 OLED on I2C bus 1 address 0x3C</p>\n<pre class=\"panel\" title=\"what the display shows\">porch\n192.168.1.23\nfront  &lt;streaming&gt;  2\n\n\n\n\n</pre>", page, StringComparison.Ordinal);
        var display = JsonDocument.Parse(StatusJson.Write(status)).RootElement.GetProperty("display");
        Assert.Equal("porch", display.GetProperty("lines")[0].GetString());
        Assert.Equal(8, display.GetProperty("lines").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, display.GetProperty("problem").ValueKind);

        // A panel that stops answering keeps showing what it last drew, and says so.
        _board.Display.Shown(["other"], "stopped answering (Remote I/O error)");
        page = Encoding.UTF8.GetString(StatusHtml.Write(Collect()));
        Assert.Contains("<p class=\"banner bad\">stopped answering (Remote I/O error)</p>\n<pre class=\"panel\" title=\"what the display shows\">porch\n", page, StringComparison.Ordinal);
    }

    private static LedOutputs Outputs(FakeGpioDriver driver, int[] pins)
    {
        var controller = new GpioController(driver);
        foreach (var pin in pins)
            controller.OpenPin(pin, PinMode.Output, PinValue.Low);
        return new LedOutputs(controller, pins);
    }

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(10);
        }
    }

    private sealed class FakeSessions : IRtspSessionList
    {
        public List<RtspSessionInfo> Playing { get; } = [];

        public IReadOnlyList<RtspSessionInfo> PlayingSessions() => [.. Playing];
    }
}
