using System.Diagnostics;
using Edge.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace Edge.EndToEnd.Tests.Rtsp;

/// <summary>The real binary serving the test pattern (libx264) to real clients.</summary>
public sealed class RtspStreamingTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    public async Task TenSeconds_DecodeCleanly_WithEveryFrameInOrder(string transport)
    {
        await using var edge = await EdgeServer.StartAsync(TestCameras.One);

        var pull = await RtspPull.DecodeAsync(edge.Url("cam"), transport, 320, 240, 10);

        output.WriteLine($"{transport}: {pull.Frames} frames, numbers {pull.FrameNumbers.FirstOrDefault()}..{pull.FrameNumbers.LastOrDefault()}");
        RtspPull.AssertClean(pull, 250, source: edge);

        // FFmpeg's messages (the hardware encoders probed before libx264, libx264's own) come
        // through edge's logger, named and at debug, never as FFmpeg's raw "[libx264 @ 0x…]" lines.
        var log = edge.Process.Output;
        Assert.DoesNotMatch(@"\[[\w/.-]+ @ 0x[0-9a-f]+\]", log);
        Assert.Matches(@"dbug: FFmpeg\[\d+\] libx264: ", log);
        Assert.DoesNotMatch(@"(warn|fail|crit): FFmpeg\[", log);
    }

    [Fact]
    public async Task Multicast_TwoClientsShareOneGroup_AndDecodeCleanly()
    {
        await using var edge = await EdgeServer.StartAsync(TestCameras.One);

        var first = RtspPull.DecodeAsync(edge.Url("cam"), "udp_multicast", 320, 240, 5);
        var second = RtspPull.DecodeAsync(edge.Url("cam"), "udp_multicast", 320, 240, 5);
        await Task.WhenAll(first, second);

        foreach (var pull in new[] { await first, await second })
            output.WriteLine($"multicast: {pull.Frames} frames, numbers {pull.FrameNumbers.FirstOrDefault()}..{pull.FrameNumbers.LastOrDefault()}, warnings: {pull.Warnings}");
        // ffmpeg's -t counts from the first packet it sees; whichever client joins the running
        // group second decodes from the IDR its join asked for, granted within a second.
        RtspPull.AssertClean(await first, 125, startupAllowance: 30, source: edge);
        RtspPull.AssertClean(await second, 125, startupAllowance: 30, source: edge);
    }

    [Fact]
    public async Task TwoCameras_StreamAtOnce()
    {
        await using var edge = await EdgeServer.StartAsync("""
            [camera.front]
            source = "test"
            width = 320
            height = 240
            fps = 25
            [camera.back]
            source = "test"
            width = 256
            height = 144
            fps = 15
            """);

        var front = RtspPull.DecodeAsync(edge.Url("front"), "tcp", 320, 240, 6);
        var back = RtspPull.DecodeAsync(edge.Url("back"), "udp", 256, 144, 6);
        await Task.WhenAll(front, back);

        RtspPull.AssertClean(await front, 150, source: edge);
        RtspPull.AssertClean(await back, 90, source: edge);
    }

    [Fact]
    public async Task TwentyClients_AreServedTogether()
    {
        await using var edge = await EdgeServer.StartAsync(TestCameras.One);

        var pulls = Enumerable.Range(0, 20)
            .Select(i => RtspPull.DecodeAsync(edge.Url("cam"), i % 2 == 0 ? "tcp" : "udp", 320, 240, 5))
            .ToArray();
        var results = await Task.WhenAll(pulls);

        for (var i = 0; i < results.Length; i++)
            output.WriteLine($"client {i}: {results[i].Frames} frames");
        foreach (var pull in results)
            RtspPull.AssertClean(pull, 125, source: edge);
        output.WriteLine($"edge RSS with 20 clients: {edge.Process.ResidentKilobytes()} KiB");
    }

    [Fact]
    public async Task NewClient_GetsItsFirstPictureAtOnce()
    {
        await using var edge = await EdgeServer.StartAsync(TestCameras.One.Replace("fps = 25", "fps = 25\n[camera.cam.encoder]\nkeyframe_interval_s = 10", StringComparison.Ordinal));
        await RtspPull.DecodeAsync(edge.Url("cam"), "tcp", 320, 240, 1); // warm up: camera streaming

        var stopwatch = Stopwatch.StartNew();
        var result = await ExternalTool.RunAsync("ffmpeg",
            ["-nostdin", "-v", "warning", "-rtsp_transport", "tcp", "-i", edge.Url("cam"), "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "gray", "-"],
            TimeSpan.FromSeconds(30));
        stopwatch.Stop();

        output.WriteLine($"first picture after {stopwatch.ElapsedMilliseconds} ms (connect, DESCRIBE, SETUP, PLAY, decode) with a 10 s keyframe interval");
        Assert.Equal(320 * 240, result.Stdout.Length);
        Assert.Empty(result.Stderr.Trim());
        // Without a forced keyframe the client would wait up to 10 s for the next IDR.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(3), $"first picture took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task GStreamerRtspsrc_Plays()
    {
        await using var edge = await EdgeServer.StartAsync(TestCameras.One);

        var result = await ExternalTool.RunAsync("gst-launch-1.0",
            ["-q", "rtspsrc", $"location={edge.Url("cam")}", "protocols=tcp", "!", "rtph264depay", "!", "avdec_h264", "!", "fakesink", "num-buffers=50"],
            TimeSpan.FromSeconds(40));

        Assert.True(result.ExitCode == 0, $"gst-launch exited {result.ExitCode}: {result.Stderr}");
    }

    [Fact]
    public async Task UnknownPath_Is404()
    {
        await using var edge = await EdgeServer.StartAsync(TestCameras.One);

        var result = await ExternalTool.RunAsync("ffprobe", ["-v", "error", "-rtsp_transport", "tcp", edge.Url("nope")], TimeSpan.FromSeconds(20));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("404", result.Stderr, StringComparison.Ordinal);
    }
}
