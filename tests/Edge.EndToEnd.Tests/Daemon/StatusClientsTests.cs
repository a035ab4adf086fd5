using System.Text.Json;
using Edge.EndToEnd.Tests.Rtsp;
using Edge.EndToEnd.Tests.Support;

namespace Edge.EndToEnd.Tests.Daemon;

/// <summary>
/// The status page's list of who watches, against the real binary: ffmpeg over RTSP/TCP and
/// RTSP/UDP and an HTTP <c>live.mp4</c> reader are listed with their transport, their 127.0.0.1
/// address and bytes sent that grow; and on a machine without GPIO or I2C, configured LEDs, button
/// and display are shown as unavailable with the reason.
/// </summary>
public sealed class StatusClientsTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Rtsp_tcp_and_udp_clients_and_a_live_mp4_reader_are_listed_with_growing_bytes()
    {
        var httpPort = Ports.NextPair();
        await using var edge = await EdgeServer.StartAsync(TestCameras.One + $"\n[http]\nlisten = \"127.0.0.1:{httpPort}\"\n");
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = Bound };
        await StatusApi.WaitUntilStreamingAsync(client, "cam", edge, Bound);

        var tcp = RtspPull.DecodeAsync(edge.Url("cam"), "tcp", 320, 240, 12);
        var udp = RtspPull.DecodeAsync(edge.Url("cam"), "udp", 320, 240, 12);
        using var mp4 = await client.GetAsync("cameras/cam/live.mp4", HttpCompletionOption.ResponseHeadersRead);
        await using var mp4Body = await mp4.Content.ReadAsStreamAsync();
        using var stopReading = new CancellationTokenSource();
        var reading = StatusApi.DrainAsync(mp4Body, stopReading.Token);

        var first = await StatusApi.WaitForStatusAsync(client, s => Clients(s).Length == 3 && Clients(s).All(c => c.GetProperty("bytes_sent").GetInt64() > 0), edge, Bound);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var second = await StatusApi.WaitForStatusAsync(client, s => Clients(s).Length == 3, edge, Bound);

        foreach (var transport in new[] { "rtsp-tcp", "rtsp-udp", "http" })
        {
            var before = Client(first, transport);
            var after = Client(second, transport);
            Assert.StartsWith("127.0.0.1:", before.GetProperty("address").GetString(), StringComparison.Ordinal);
            Assert.Equal(before.GetProperty("address").GetString(), after.GetProperty("address").GetString());
            Assert.Equal(before.GetProperty("since").GetString(), after.GetProperty("since").GetString());
            Assert.True(after.GetProperty("bytes_sent").GetInt64() > before.GetProperty("bytes_sent").GetInt64(),
                $"{transport}: {before.GetProperty("bytes_sent").GetInt64()} then {after.GetProperty("bytes_sent").GetInt64()} bytes");
            Assert.InRange(DateTimeOffset.Parse(after.GetProperty("since").GetString()!, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-2), DateTimeOffset.UtcNow.AddSeconds(1));
        }
        var camera = second.GetProperty("cameras")[0];
        Assert.Equal(2, camera.GetProperty("rtsp_clients").GetInt32());
        Assert.Equal(1, camera.GetProperty("live_viewers").GetInt32());

        var page = await client.GetStringAsync("/");
        Assert.Contains("<h2>Watching</h2>", page, StringComparison.Ordinal);
        Assert.Contains("<td>RTSP over TCP (interleaved)</td>", page, StringComparison.Ordinal);
        Assert.Contains("<td>RTSP over UDP</td>", page, StringComparison.Ordinal);
        Assert.Contains("<td>live.mp4 over HTTP</td>", page, StringComparison.Ordinal);
        Assert.Contains($"<code>{Client(second, "rtsp-tcp").GetProperty("address").GetString()}</code>", page, StringComparison.Ordinal);

        await stopReading.CancelAsync();
        await reading;
        await mp4Body.DisposeAsync(); // closes the connection, as a player that stops does
        mp4.Dispose();
        RtspPull.AssertClean(await tcp, 300, source: edge);
        RtspPull.AssertClean(await udp, 300, source: edge);
        // Gone clients leave the list.
        await StatusApi.WaitForStatusAsync(client, s => Clients(s).Length == 0, edge, Bound);
    }

    [NoGpioChipFact]
    public async Task Leds_button_and_display_that_are_not_there_are_shown_with_the_reason()
    {
        var httpPort = Ports.NextPair();
        await using var edge = await EdgeServer.StartAsync(TestCameras.One + $"""

            [http]
            listen = "127.0.0.1:{httpPort}"
            [leds]
            chip = "gpiochip0"
            status = "GPIO17"
            [button]
            chip = "gpiochip0"
            line = "GPIO22"
            [display]
            bus = 9
            """);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = Bound };

        var status = await StatusApi.WaitForStatusAsync(client, s => s.GetProperty("display").ValueKind == JsonValueKind.Object && s.GetProperty("display").GetProperty("problem").ValueKind == JsonValueKind.String, edge, Bound);
        var led = Assert.Single(status.GetProperty("gpio").GetProperty("leds").EnumerateArray());
        Assert.Equal("status", led.GetProperty("role").GetString());
        Assert.Equal("GPIO17", led.GetProperty("line").GetString());
        Assert.Equal("unavailable", led.GetProperty("pattern").GetString());
        Assert.Contains("gpiochip0", led.GetProperty("problem").GetString(), StringComparison.Ordinal);
        var button = status.GetProperty("gpio").GetProperty("button");
        Assert.Equal("GPIO22", button.GetProperty("line").GetString());
        Assert.Contains("gpiochip0", button.GetProperty("problem").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, button.GetProperty("last_press").ValueKind);
        var display = status.GetProperty("display");
        Assert.Equal("SSD1306/SSD1309 128x64 OLED on I2C bus 9 address 0x3C", display.GetProperty("driver").GetString());
        Assert.Equal("no I2C bus 9 (/dev/i2c-9 does not exist)", display.GetProperty("problem").GetString());

        var page = await client.GetStringAsync("/");
        Assert.Contains("<tr><td>status</td><td><code>gpiochip0 GPIO17</code></td><td>unavailable<br><small class=\"problem\">", page, StringComparison.Ordinal);
        Assert.Contains("<p>Button on <code>gpiochip0 GPIO22</code>: not pressed since edge started<br><small class=\"problem\">", page, StringComparison.Ordinal);
        Assert.Contains("<p class=\"banner bad\">no I2C bus 9 (/dev/i2c-9 does not exist)</p>", page, StringComparison.Ordinal);
    }

    private static JsonElement[] Clients(JsonElement status) => [.. status.GetProperty("cameras")[0].GetProperty("clients").EnumerateArray()];

    private static JsonElement Client(JsonElement status, string transport) =>
        Assert.Single(Clients(status), c => c.GetProperty("transport").GetString() == transport);
}
