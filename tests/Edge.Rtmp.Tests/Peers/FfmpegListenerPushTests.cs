using Edge.Media.Health;
using Edge.Rtmp.Client;
using Edge.Rtmp.Tests.Support;
using Edge.Tests.Shared.Peers;
using Xunit.Abstractions;

namespace Edge.Rtmp.Tests.Peers;

/// <summary>Pushes into <c>ffmpeg -listen 1</c>, a second and stricter RTMP server, and checks the file it recorded.</summary>
public sealed class FfmpegListenerPushTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("edge-rtmp-ffmpeg-").FullName;

    [Fact]
    public async Task TenSeconds_RecordedByFfmpeg_DecodeCleanly_EveryFrameInOrder()
    {
        var file = Path.Combine(_directory, "out.flv");
        using var listener = await FfmpegRtmpListener.StartAsync(file);
        await using var camera = TestPatternCamera.Start(320, 240, 25);
        long framesSent;
        TimeSpan pushed;
        await using (var push = new PushHarness(camera, PushHarness.Config(listener.Url)))
        {
            Assert.True(await push.WaitForAsync(PushState.Live, TimeSpan.FromSeconds(15)), $"not live: {push.Current}\n{push.Logs.Text}\n{listener.Output}");
            var live = System.Diagnostics.Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(10));
            await push.StopAsync();
            pushed = live.Elapsed;
            framesSent = push.Worker.FramesSent;
        }
        Assert.True(await listener.WaitForExitAsync(TimeSpan.FromSeconds(10)), "ffmpeg did not finish after the publisher left");

        var decoded = await FfmpegTools.DecodeVideoAsync(file, 320, 240, seconds: null);
        var streams = await FfmpegTools.ProbeStreamsAsync(file);

        output.WriteLine($"sent {framesSent} frames; ffmpeg recorded {decoded.Frames}; streams: {string.Join(" | ", streams)}; ffmpeg said: {listener.Output}");
        Assert.Equal(0, listener.ExitCode);
        AssertNothingReported(listener);
        Assert.Equal("h264,video,320,240", Assert.Single(streams));
        // 25 fps for the ten seconds, and for however much longer the stop took on a loaded machine.
        Assert.InRange(framesSent, 240, (long)(25 * pushed.TotalSeconds) + 10);
        FfmpegTools.AssertClean(decoded, (int)framesSent);
        Assert.Equal(framesSent, decoded.Frames); // a recorder loses nothing that was sent
    }

    [Fact]
    public async Task SilentAudio_IsAnAacTrack_AsLongAsTheVideo_ThatDecodesWithoutComplaint()
    {
        var file = Path.Combine(_directory, "audio.flv");
        using var listener = await FfmpegRtmpListener.StartAsync(file);
        await using var camera = TestPatternCamera.Start(320, 240, 25);
        await using (var push = new PushHarness(camera, PushHarness.Config(listener.Url, RtmpAudio.Silent)))
        {
            Assert.True(await push.WaitForAsync(PushState.Live, TimeSpan.FromSeconds(15)), $"not live: {push.Current}\n{push.Logs.Text}\n{listener.Output}");
            await Task.Delay(TimeSpan.FromSeconds(6));
            await push.StopAsync();
        }
        Assert.True(await listener.WaitForExitAsync(TimeSpan.FromSeconds(10)), "ffmpeg did not finish after the publisher left");

        var streams = await FfmpegTools.ProbeStreamsAsync(file);
        var last = await FfmpegTools.LastPacketTimesAsync(file);
        var decode = await FfmpegTools.RunAsync("ffmpeg", ["-nostdin", "-v", "warning", "-i", file, "-f", "null", "-"], TimeSpan.FromSeconds(60));

        output.WriteLine($"streams: {string.Join(" | ", streams)}; last video packet {last.GetValueOrDefault("video")} s, audio {last.GetValueOrDefault("audio")} s");
        Assert.Contains("aac,audio,44100,1", streams); // AAC, 44.1 kHz, mono
        Assert.Contains("h264,video,320,240", streams);
        Assert.InRange(last["video"], 5, 8);
        Assert.InRange(last["audio"] - last["video"], -0.05, 0.05); // within about two AAC frames
        Assert.True(decode.ExitCode == 0 && decode.Stderr.Trim().Length == 0, $"decoding both tracks: {decode.Stderr}");
        AssertNothingReported(listener);
    }

    /// <summary>
    /// ffmpeg's listener reports nothing at warning level while recording. Its RTMP server ignores
    /// FCUnpublish and deleteStream, so the end of the input always shows as one
    /// "URL: Input/output error" line when the publisher closes the connection (ffmpeg publishing
    /// to ffmpeg ends the same way); that one line is expected.
    /// </summary>
    private static void AssertNothingReported(FfmpegRtmpListener listener)
    {
        var lines = listener.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line != $"{listener.Url}: Input/output error")
            .ToArray();
        Assert.True(lines.Length == 0, "ffmpeg -listen reported: " + string.Join('\n', lines));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
