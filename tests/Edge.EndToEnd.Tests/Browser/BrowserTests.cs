using System.Globalization;
using System.Text.Json;
using Edge.EndToEnd.Tests.Support;
using Edge.Video.Sources.TestPattern;
using Xunit.Abstractions;

namespace Edge.EndToEnd.Tests.Browser;

/// <summary>
/// The pages as a person sees them: Debian's chromium, headless, driven by playwright-core,
/// against the NativeAOT binary. The live view must play the camera's own pictures (the test
/// pattern's burned-in frame numbers read back from the page's video), the status page must show
/// every camera's picture on a phone and a desktop, and neither may log an error or break its
/// Content-Security-Policy. Screenshots are kept in TestResults/browser.
/// </summary>
public sealed class BrowserTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [BrowserFact]
    public async Task The_live_page_plays_the_cameras_own_pictures_and_keeps_advancing()
    {
        const int Width = 640, Height = 360, Fps = 25;
        var httpPort = Ports.NextPair();
        await using var edge = await EdgeServer.StartAsync($"""
            [camera.cam]
            source = "test"
            width = {Width}
            height = {Height}
            fps = {Fps}

            [http]
            listen = "127.0.0.1:{httpPort}"
            """);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = Bound };
        await StatusApi.WaitUntilStreamingAsync(client, "cam", edge, Bound);

        var screenshot = Path.Combine(HeadlessChromium.ArtifactDirectory(), "live-view.png");
        using var result = await HeadlessChromium.CheckAsync("live", $"http://127.0.0.1:{httpPort}/cameras/cam", screenshot);
        var root = result.RootElement;
        output.WriteLine($"{root.GetProperty("browser").GetString()}; screenshot: {screenshot}");
        output.WriteLine($"page note: {root.GetProperty("note").GetString()}; buffered ahead of the playhead: {root.GetProperty("bufferedAhead").GetDouble():0.00} s");

        AssertNoProblems(root, "live page");
        var first = root.GetProperty("first");
        var second = root.GetProperty("second");
        var wall = root.GetProperty("wallSeconds").GetDouble();

        // The video has the camera's size, and it plays: currentTime follows the wall clock.
        Assert.Equal((Width, Height), (first.GetProperty("width").GetInt32(), first.GetProperty("height").GetInt32()));
        var played = second.GetProperty("currentTime").GetDouble() - first.GetProperty("currentTime").GetDouble();
        output.WriteLine($"currentTime advanced {played:0.00} s in {wall:0.00} s of wall time");
        // More than the wall time only by the page's catching up with the live edge: playing at up to
        // 1.15 times the rate while behind, and one jump when more than 1.5 s behind, which skips as
        // far as the page had fallen behind (seconds, when the machine is busy). What matters is
        // where that leaves it: near the live edge, which the last check here holds it to.
        Assert.InRange(played, wall * 0.6, wall * 1.2 + 10);
        Assert.True(root.GetProperty("bufferedAhead").GetDouble() < 3, "the page did not keep near the live edge");

        // The picture is the camera's: the test pattern's stamp reads back, and its frame numbers advance at the camera's rate.
        var (firstNumber, _) = ReadStamp(first, Width, Height);
        var (secondNumber, _) = ReadStamp(second, Width, Height);
        output.WriteLine($"burned-in frame numbers {firstNumber} then {secondNumber}");
        Assert.InRange(secondNumber - firstNumber, (long)(played * Fps * 0.8), (long)(played * Fps * 1.2) + 2);

        // Not black, not flat, and the moving scene moved.
        foreach (var picture in new[] { first, second })
        {
            Assert.InRange(picture.GetProperty("meanLuma").GetDouble(), 30, 230);
            Assert.True(picture.GetProperty("lumaDeviation").GetDouble() > 10, "the picture is flat");
        }
        Assert.NotEqual(Signature(first), Signature(second));

        Assert.True(new FileInfo(screenshot).Length > 10_000, $"screenshot {screenshot} is missing or tiny");
    }

    [BrowserFact]
    public async Task The_status_page_shows_every_cameras_picture_on_a_phone_and_a_desktop_without_errors()
    {
        var httpPort = Ports.NextPair();
        await using var edge = await EdgeServer.StartAsync($"""
            [camera.front]
            source = "test"
            width = 640
            height = 360
            fps = 25

            [camera.yard]
            source = "test"
            width = 320
            height = 240
            fps = 15

            [http]
            listen = "127.0.0.1:{httpPort}"

            # No such chip or bus here: the page shows them, unavailable, with the reason.
            [leds]
            chip = "edge-test-no-such-chip"
            status = "GPIO17"
            [button]
            chip = "edge-test-no-such-chip"
            line = "GPIO22"
            [display]
            bus = 99
            """);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = Bound };
        await StatusApi.WaitUntilStreamingAsync(client, "front", edge, Bound);
        await StatusApi.WaitUntilStreamingAsync(client, "yard", edge, Bound);
        // A client watching, so the page lists one on the phone too.
        using var watcher = await client.GetAsync("cameras/yard/live.mp4", HttpCompletionOption.ResponseHeadersRead);
        using var stopWatching = new CancellationTokenSource();
        var watching = StatusApi.DrainAsync(await watcher.Content.ReadAsStreamAsync(), stopWatching.Token);
        await StatusApi.WaitForStatusAsync(client, s => s.GetProperty("cameras")[1].GetProperty("clients").GetArrayLength() == 1, edge, Bound);

        var prefix = Path.Combine(HeadlessChromium.ArtifactDirectory(), "status-page");
        using var result = await HeadlessChromium.CheckAsync("status", $"http://127.0.0.1:{httpPort}/", prefix);
        foreach (var view in new[] { "phone", "desktop" })
        {
            var page = result.RootElement.GetProperty(view);
            output.WriteLine($"{view} screenshot: {page.GetProperty("screenshot").GetString()}");
            AssertNoProblems(page, $"status page on a {view}");

            var pictures = page.GetProperty("pictures").EnumerateArray().ToArray();
            Assert.Equal(["front now", "yard now"], pictures.Select(p => p.GetProperty("alt").GetString()));
            // Snapshots scaled to the page's picture width, each keeping its camera's shape.
            Assert.Equal([(320, 180), (320, 240)], pictures.Select(p => (p.GetProperty("naturalWidth").GetInt32(), p.GetProperty("naturalHeight").GetInt32())));

            var layout = page.GetProperty("layout");
            // A phone lays the page out at its own width (390 px) only when nothing is wider; otherwise it zooms out.
            var viewport = layout.GetProperty("viewportWidth").GetInt32();
            Assert.Equal(view == "phone" ? 390 : 1280, viewport);
            Assert.True(layout.GetProperty("pageWidth").GetInt32() <= viewport,
                $"on a {view} the page is {layout.GetProperty("pageWidth").GetInt32()} px wide for a {viewport} px screen: it scrolls sideways");
            Assert.True(layout.GetProperty("smallestFontPx").GetDouble() >= 12, $"text smaller than 12 px on a {view}");
            // Each camera's RTSP URL, selected whole by one click or long press, ready to copy.
            Assert.Equal([(edge.Url("front"), "all"), (edge.Url("yard"), "all")],
                layout.GetProperty("rtspUrls").EnumerateArray().Select(u => (u.GetProperty("text").GetString(), u.GetProperty("userSelect").GetString())));
            // What each camera delivers, measured (over seconds that may include its start, so only bounded here).
            var text = layout.GetProperty("text").GetString() ?? "";
            var measured = System.Text.RegularExpressions.Regex.Matches(text, @"(\d+\.\d) fps · \d+(\.\d+)? [kM]bit/s")
                .Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(2, measured.Length);
            Assert.InRange(measured[0], 1, 25 * 1.2);
            Assert.InRange(measured[1], 1, 15 * 1.2);
            // The client watching, the LEDs, the button and the display, laid out within the width checked above.
            Assert.Contains("live.mp4 over HTTP", text, StringComparison.Ordinal);
            Assert.Contains("GPIO17", text, StringComparison.Ordinal);
            Assert.Contains("GPIO22", text, StringComparison.Ordinal);
            Assert.Contains("no I2C bus 99", text, StringComparison.Ordinal);
        }
        await stopWatching.CancelAsync();
        await watching;
    }

    private static void AssertNoProblems(JsonElement page, string what)
    {
        var problems = page.GetProperty("problems").EnumerateArray().Select(p => p.GetString()).ToArray();
        Assert.True(problems.Length == 0, $"{what}: {string.Join("\n", problems)}");
        var violations = page.GetProperty("violations").EnumerateArray().Select(p => p.GetString()).ToArray();
        Assert.True(violations.Length == 0, $"{what} broke its Content-Security-Policy: {string.Join("\n", violations)}");
    }

    /// <summary>The test pattern's stamp, read by the same reader the other tests use from the luma the page took off its video.</summary>
    private static (long Number, long CaptureMicros) ReadStamp(JsonElement picture, int width, int height)
    {
        var stampWidth = picture.GetProperty("stampWidth").GetInt32();
        var stampHeight = picture.GetProperty("stampHeight").GetInt32();
        var luma = new byte[width * stampHeight];
        var index = 0;
        foreach (var value in picture.GetProperty("stamp").EnumerateArray())
        {
            luma[index / stampWidth * width + index % stampWidth] = (byte)Math.Clamp(value.GetInt32(), 0, 255);
            index++;
        }
        Assert.True(BurnedInCode.TryRead(luma, width, height, width, out var number, out var micros),
            $"no test-pattern stamp in the page's picture at currentTime {picture.GetProperty("currentTime").GetDouble().ToString(CultureInfo.InvariantCulture)}");
        return (number, micros);
    }

    private static string Signature(JsonElement picture) =>
        string.Join(',', picture.GetProperty("signature").EnumerateArray().Select(v => v.GetInt32()));
}
