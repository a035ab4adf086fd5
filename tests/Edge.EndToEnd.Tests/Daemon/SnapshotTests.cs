using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Edge.EndToEnd.Tests.Support;
using Edge.Video.Sources.TestPattern;
using Xunit.Abstractions;

namespace Edge.EndToEnd.Tests.Daemon;

/// <summary>
/// <c>GET /cameras/NAME/snapshot.jpg</c> from the real binary: JPEGs that ffprobe and ffmpeg read,
/// of the camera's size or scaled, new pictures as time goes on, and clear refusals.
/// </summary>
public sealed class SnapshotTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("edge-e2e-snapshot-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task A_test_pattern_camera_gives_a_new_JPEG_of_its_size_each_time_and_refuses_bad_requests_clearly()
    {
        var httpPort = Ports.NextPair();
        await using var edge = await EdgeServer.StartAsync($"""
            [camera.cam]
            source = "test"
            width = 640
            height = 360
            fps = 25

            [camera.gone]
            source = "v4l2"
            device = "/dev/video-e2e-nothing-here"

            [http]
            listen = "127.0.0.1:{httpPort}"
            """);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = Bound };
        await StatusApi.WaitUntilStreamingAsync(client, "cam", edge, Bound);

        var clock = Stopwatch.StartNew();
        var first = await GetJpegAsync(client, "cameras/cam/snapshot.jpg");
        var firstAt = clock.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var second = await GetJpegAsync(client, "cameras/cam/snapshot.jpg");
        var apart = clock.Elapsed - firstAt;

        Assert.Equal(("mjpeg", 640, 360), await ProbeAsync(first));
        Assert.Equal(("mjpeg", 640, 360), await ProbeAsync(second));
        var firstNumber = await ReadFrameNumberAsync(first, 640, 360);
        var secondNumber = await ReadFrameNumberAsync(second, 640, 360);
        output.WriteLine($"frame {firstNumber}, then frame {secondNumber} {apart.TotalSeconds:0.00} s later");
        // Each answer shows a picture at most a second old: the frames are 1.5 s apart, give or take that.
        Assert.InRange(secondNumber - firstNumber, (long)((apart.TotalSeconds - 1) * 25), (long)((apart.TotalSeconds + 1) * 25));
        Assert.NotEqual(first, second);

        // The test pattern's caption (a person's reading of what the code above says): the
        // camera's name, this machine's local time when the picture was taken, its frame number.
        var caption = CaptionReader.ReadBottomLeft(await DecodeGrayAsync(second, 640, 360), 640, 640, 360);
        output.WriteLine($"caption: \"{caption}\"");
        var parts = System.Text.RegularExpressions.Regex.Match(caption, @"^cam  (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)  frame (\d+)$");
        Assert.True(parts.Success, $"caption \"{caption}\" is not \"cam  DATE TIME  frame N\"");
        var shown = DateTime.ParseExact(parts.Groups[1].Value, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        Assert.InRange((DateTime.Now - shown).TotalSeconds, -2, 10);
        Assert.Equal(secondNumber, long.Parse(parts.Groups[2].Value, CultureInfo.InvariantCulture));

        // Twenty clients at once share the encode, or its result while it is young: a handful of
        // distinct pictures at most (one, unless the requests straggle over more than half a second).
        var together = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => GetJpegAsync(client, "cameras/cam/snapshot.jpg?width=480")));
        var distinct = together.Select(Convert.ToBase64String).Distinct().Count();
        output.WriteLine($"20 requests at once: {distinct} distinct JPEGs");
        Assert.InRange(distinct, 1, 3);
        Assert.Equal(("mjpeg", 480, 270), await ProbeAsync(together[0]));

        Assert.Equal(("mjpeg", 320, 180), await ProbeAsync(await GetJpegAsync(client, "cameras/cam/snapshot.jpg?width=320")));
        Assert.Equal(("mjpeg", 640, 360), await ProbeAsync(await GetJpegAsync(client, "cameras/cam/snapshot.jpg?width=5000")));
        using (var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "cameras/cam/snapshot.jpg")))
        {
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Equal("image/jpeg", head.Content.Headers.ContentType?.MediaType);
            Assert.True(head.Content.Headers.ContentLength > 1000);
        }

        var (status, text) = await StatusApi.GetTextAsync(client, "cameras/cam/snapshot.jpg?width=wide");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("width must be a whole number of pixels from 16 to 8192 (the picture is scaled down to it, never up), got \"wide\"\n", text);
        (status, _) = await StatusApi.GetTextAsync(client, "cameras/cam/snapshot.jpg?width=-2");
        Assert.Equal(HttpStatusCode.BadRequest, status);

        (status, text) = await StatusApi.GetTextAsync(client, "cameras/nobody/snapshot.jpg");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("no camera named \"nobody\"; the cameras are: cam, gone\n", text);

        using (var failing = await client.GetAsync("cameras/gone/snapshot.jpg"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failing.StatusCode);
            Assert.NotNull(failing.Headers.RetryAfter);
            var reason = await failing.Content.ReadAsStringAsync();
            output.WriteLine(reason);
            Assert.StartsWith("camera gone is failed: ", reason, StringComparison.Ordinal);
            Assert.Contains("/dev/video-e2e-nothing-here", reason, StringComparison.Ordinal);
        }

        // The status says where each camera's snapshot is, and the page shows the streaming one.
        using var json = JsonDocument.Parse(await client.GetStringAsync("api/status"));
        var cameras = json.RootElement.GetProperty("cameras");
        Assert.Equal($"http://127.0.0.1:{httpPort}/cameras/cam/snapshot.jpg", cameras[0].GetProperty("snapshot_url").GetString());
        Assert.Equal($"http://127.0.0.1:{httpPort}/cameras/gone/snapshot.jpg", cameras[1].GetProperty("snapshot_url").GetString());
        var page = await client.GetStringAsync("/");
        Assert.Contains("<img src=\"/cameras/cam/snapshot.jpg?width=320\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=\"/cameras/gone/", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_H264_file_camera_is_decoded_for_snapshots_only_while_they_are_asked_for()
    {
        // libx264 keeps testsrc's RGB as 4:4:4 unless told otherwise: the decoder's conversion is exercised too.
        var file = Path.Combine(_directory.FullName, "clip.h264");
        var encode = await ExternalTool.RunAsync("ffmpeg",
            ["-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-frames:v", "100", "-c:v", "libx264", "-g", "25", "-y", "-f", "h264", file],
            Bound);
        Assert.Equal(0, encode.ExitCode);
        var httpPort = Ports.NextPair();
        await using var edge = await EdgeServer.StartAsync($"""
            [camera.clip]
            source = "file"
            file = "{file}"
            width = 320
            height = 240
            fps = 25

            [http]
            listen = "127.0.0.1:{httpPort}"
            """);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = Bound };
        await StatusApi.WaitUntilStreamingAsync(client, "clip", edge, Bound);

        var first = await GetJpegAsync(client, "cameras/clip/snapshot.jpg");
        Assert.Equal(("mjpeg", 320, 240), await ProbeAsync(first));
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var second = await GetJpegAsync(client, "cameras/clip/snapshot.jpg");
        Assert.Equal(("mjpeg", 320, 240), await ProbeAsync(second));
        // testsrc's picture moves (a sweeping colour bar and a counter): 1.5 s later it differs.
        var difference = MeanDifference(await DecodeGrayAsync(first, 320, 240), await DecodeGrayAsync(second, 320, 240));
        output.WriteLine($"mean luma difference between the two snapshots: {difference:0.0}");
        Assert.True(difference > 1, $"the two snapshots are the same picture (mean difference {difference:0.00})");
        Assert.Equal(("mjpeg", 160, 120), await ProbeAsync(await GetJpegAsync(client, "cameras/clip/snapshot.jpg?width=160")));

        // The decoder stops after ten idle seconds (debug log), and starts again on the next request.
        await edge.Process.WaitForOutputAsync("camera clip: no snapshot asked for a while; stopped decoding", TimeSpan.FromSeconds(20));
        Assert.Equal(("mjpeg", 320, 240), await ProbeAsync(await GetJpegAsync(client, "cameras/clip/snapshot.jpg")));
        Assert.Equal(2, CountOccurrences(edge.Process.Output, "camera clip: decoding its H.264 for snapshots"));
    }

    [Fact]
    public async Task A_camera_that_stopped_delivering_answers_503_with_the_reason()
    {
        // A "camera" program that streams for two seconds, then exits; the supervisor retries it later.
        var httpPort = Ports.NextPair();
        await using var edge = await EdgeServer.StartAsync($"""
            [camera.pi]
            source = "rpicam"
            width = 160
            height = 120
            fps = 25
            rpicam_command = "ffmpeg -nostdin -v error -re -f lavfi -i testsrc=size=160x120:rate=25 -t 2 -pix_fmt yuv420p -c:v libx264 -g 25 -f h264 -"

            [http]
            listen = "127.0.0.1:{httpPort}"
            """);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = Bound };
        await StatusApi.WaitUntilStreamingAsync(client, "pi", edge, Bound);
        Assert.Equal(("mjpeg", 160, 120), await ProbeAsync(await GetJpegAsync(client, "cameras/pi/snapshot.jpg")));

        await edge.Process.WaitForOutputAsync("ffmpeg exited with code 0", TimeSpan.FromSeconds(20));
        var clock = Stopwatch.StartNew();
        HttpStatusCode code;
        string text;
        do
        {
            (code, text) = await StatusApi.GetTextAsync(client, "cameras/pi/snapshot.jpg");
        }
        while (code == HttpStatusCode.OK && clock.Elapsed < TimeSpan.FromSeconds(5));
        output.WriteLine(text);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, code);
        Assert.StartsWith("camera pi is ", text, StringComparison.Ordinal);
    }

    private static async Task<byte[]> GetJpegAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return body;
    }

    private async Task<(string Codec, int Width, int Height)> ProbeAsync(byte[] jpeg)
    {
        var path = Save(jpeg);
        var probe = await ExternalTool.RunAsync("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", path], Bound);
        Assert.True(probe.ExitCode == 0, probe.Stderr);
        var fields = probe.StdoutText.Trim().Split(',');
        return (fields[0], int.Parse(fields[1], CultureInfo.InvariantCulture), int.Parse(fields[2], CultureInfo.InvariantCulture));
    }

    /// <summary>The picture's luma as ffmpeg decodes it; ffmpeg must decode it without a complaint.</summary>
    private async Task<byte[]> DecodeGrayAsync(byte[] jpeg, int width, int height)
    {
        var decode = await ExternalTool.RunAsync("ffmpeg", ["-nostdin", "-v", "error", "-i", Save(jpeg), "-f", "rawvideo", "-pix_fmt", "gray", "-"], Bound);
        Assert.True(decode.ExitCode == 0 && decode.Stderr.Length == 0, decode.Stderr);
        Assert.Equal(width * height, decode.Stdout.Length);
        return decode.Stdout;
    }

    private async Task<long> ReadFrameNumberAsync(byte[] jpeg, int width, int height)
    {
        var luma = await DecodeGrayAsync(jpeg, width, height);
        Assert.True(BurnedInCode.TryRead(luma, width, height, width, out var number, out _), "the snapshot carries no readable frame number");
        return number;
    }

    private string Save(byte[] jpeg)
    {
        var path = Path.Combine(_directory.FullName, $"{Guid.NewGuid():N}.jpg");
        File.WriteAllBytes(path, jpeg);
        return path;
    }

    private static double MeanDifference(byte[] a, byte[] b) =>
        a.Zip(b, (x, y) => Math.Abs(x - y)).Average();

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + 1, StringComparison.Ordinal))
            count++;
        return count;
    }
}
