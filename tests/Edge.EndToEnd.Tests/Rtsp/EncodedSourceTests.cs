using System.Globalization;
using Edge.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace Edge.EndToEnd.Tests.Rtsp;

/// <summary>
/// Cameras that deliver H.264 themselves, served without re-encoding: a child program in place
/// of rpicam-vid (ffmpeg writing Annex B to stdout, as rpicam-vid does) and a looped file.
/// </summary>
public sealed class EncodedSourceTests(ITestOutputHelper output)
{
    [Fact]
    public async Task RpicamSource_ChildProgramsH264_IsServedAndDecodes()
    {
        await using var edge = await EdgeServer.StartAsync("""
            [camera.pi]
            source = "rpicam"
            width = 320
            height = 240
            fps = 25
            rpicam_command = "ffmpeg -nostdin -v error -re -f lavfi -i testsrc=size=320x240:rate=25 -c:v libx264 -tune zerolatency -g 25 -f h264 -"
            """);

        var pull = await RtspPull.DecodeAsync(edge.Url("pi"), "tcp", 320, 240, 5);
        output.WriteLine($"{pull.Frames} frames; {pull.Warnings}");
        AssertDecodedCleanly(pull, 125, cachedGopFrames: 25);
    }

    [Fact]
    public async Task RpicamSource_ProgramThatExits_IsRestartedAndStreamsAgain()
    {
        // Each run of the "camera" lasts 2 s; the supervisor restarts it after 1 s.
        await using var edge = await EdgeServer.StartAsync("""
            [camera.pi]
            source = "rpicam"
            width = 160
            height = 120
            fps = 25
            rpicam_command = "ffmpeg -nostdin -v error -re -f lavfi -i testsrc=size=160x120:rate=25 -t 2 -c:v libx264 -g 25 -f h264 -"
            """);

        await edge.Process.WaitForOutputAsync("ffmpeg exited with code 0", TimeSpan.FromSeconds(20));
        var restarts = 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline && restarts < 2)
        {
            await Task.Delay(500);
            restarts = CountOccurrences(edge.Process.Output, "Started ffmpeg");
        }
        Assert.True(restarts >= 2, "the camera program was not restarted:\n" + edge.Process.Output);

        var pull = await RtspPull.DecodeAsync(edge.Url("pi"), "tcp", 160, 120, 1);
        Assert.True(pull.Frames > 0, "no video after the restart: " + pull.Warnings);
    }

    [Fact]
    public async Task FileSource_IsLoopedAndServed()
    {
        var file = Path.Combine(Path.GetTempPath(), $"edge-e2e-{Guid.NewGuid():N}.h264");
        var encode = await ExternalTool.RunAsync("ffmpeg",
            ["-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-frames:v", "50", "-c:v", "libx264", "-g", "25", "-y", "-f", "h264", file],
            TimeSpan.FromSeconds(30));
        Assert.Equal(0, encode.ExitCode);
        try
        {
            await using var edge = await EdgeServer.StartAsync($"""
                [camera.demo]
                source = "file"
                file = "{file}"
                width = 320
                height = 240
                fps = 25
                """);

            // 5 s of a 2 s file: it loops, and the client sees one continuous stream.
            var pull = await RtspPull.DecodeAsync(edge.Url("demo"), "udp", 320, 240, 5);
            output.WriteLine($"{pull.Frames} frames; {pull.Warnings}");
            AssertDecodedCleanly(pull, 125, cachedGopFrames: 25);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <param name="cachedGopFrames">
    /// The longest GOP the source makes. A source that cannot make a keyframe on demand (a child
    /// program's or a file's H.264) starts each client with the cached GOP, sent at once; ffmpeg's
    /// constant-rate raw output then repeats pictures over that start, up to a GOP more than the
    /// duration holds (seen: 126 to 138 in 5 s at 25 fps, as many with one packetization per
    /// stream as with one per session).
    /// </param>
    private static void AssertDecodedCleanly(RtspPull.Pull pull, int expectedFrames, int cachedGopFrames)
    {
        Assert.True(pull.ExitCode == 0, $"ffmpeg exited {pull.ExitCode}: {pull.Warnings}");
        Assert.True(pull.Warnings.Length == 0, "ffmpeg reported: " + pull.Warnings);
        var tolerance = Math.Max(3, expectedFrames / 20);
        Assert.InRange(pull.Frames, expectedFrames - tolerance, expectedFrames + tolerance + cachedGopFrames);
    }

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + 1, StringComparison.Ordinal))
            count++;
        return count;
    }
}
