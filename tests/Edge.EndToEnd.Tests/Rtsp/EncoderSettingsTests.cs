using System.Text.Json;
using Edge.EndToEnd.Tests.Support;

namespace Edge.EndToEnd.Tests.Rtsp;

/// <summary>
/// The encoder settings of the config, read back from the RTSP stream by ffprobe and by FFmpeg's
/// own H.264 header parser, and from the status API.
/// </summary>
public sealed class EncoderSettingsTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Profile_level_and_CABAC_of_the_config_are_in_the_stream_and_on_the_status_api()
    {
        var httpPort = Ports.NextPair();
        await using var edge = await EdgeServer.StartAsync($"""
            [camera.main]
            source = "test"
            width = 320
            height = 240
            fps = 25
            [camera.main.encoder]
            kind = "ffmpeg"
            codec = "libx264"
            profile = "main"
            level = "3.1"
            [camera.high]
            source = "test"
            width = 320
            height = 240
            fps = 25
            [camera.high.encoder]
            kind = "ffmpeg"
            codec = "libx264"
            profile = "high"
            bitrate_mode = "cbr"
            bitrate_kbps = 600
            [http]
            listen = "127.0.0.1:{httpPort}"
            """);

        var main = await ProbeStreamAsync(edge.Url("main"));
        Assert.Equal(("Main", "31"), (main["profile"], main["level"]));
        var mainHeaders = await TraceHeadersAsync(edge.Url("main"));
        Assert.Equal(77, mainHeaders["profile_idc"]);
        Assert.Equal(1, mainHeaders["entropy_coding_mode_flag"]); // CABAC
        Assert.Equal(31, mainHeaders["level_idc"]);

        Assert.Equal("High", (await ProbeStreamAsync(edge.Url("high")))["profile"]);
        var highHeaders = await TraceHeadersAsync(edge.Url("high"));
        Assert.Equal((100, 1, 1), (highHeaders["profile_idc"], highHeaders["entropy_coding_mode_flag"], highHeaders["transform_8x8_mode_flag"]));

        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = Bound };
        using var status = JsonDocument.Parse(await client.GetStringAsync("api/status"));
        var encodings = status.RootElement.GetProperty("cameras").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("encoding").GetString());
        Assert.Equal("libx264: profile main, preset superfast, vbr up to 2500 kbit/s, level 3.1", encodings["main"]);
        Assert.Equal("libx264: profile high, preset superfast, cbr 600 kbit/s, level auto", encodings["high"]);
        Assert.Contains("Encoder libx264 opened: 320x240 at 25 fps, IDR every 50 frames, profile high, preset superfast, cbr 600 kbit/s, level auto", edge.Process.Output, StringComparison.Ordinal);
    }

    private static async Task<Dictionary<string, string>> ProbeStreamAsync(string url)
    {
        var probe = await ExternalTool.RunAsync("ffprobe",
            ["-v", "error", "-rtsp_transport", "tcp", "-select_streams", "v:0", "-show_entries", "stream=profile,level", "-of", "default=noprint_wrappers=1", url], Bound);
        Assert.True(probe.ExitCode == 0, probe.Stderr);
        return probe.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2))
            .ToDictionary(parts => parts[0], parts => parts[1].Trim());
    }

    // FFmpeg's own parser of H.264 headers (trace_headers) on the SPS and PPS the stream starts with.
    private static async Task<Dictionary<string, long>> TraceHeadersAsync(string url)
    {
        var trace = await ExternalTool.RunAsync("ffmpeg", H264TraceHeaders.FfmpegArguments(url, "-rtsp_transport", "tcp"), Bound);
        Assert.True(trace.ExitCode == 0, trace.Stderr);
        return H264TraceHeaders.Parse(trace.Stderr);
    }
}
