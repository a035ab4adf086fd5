using Edge.Media.H264;
using Edge.Video.Sources;
using Edge.Video.Sources.Rpicam;
using Edge.Video.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Video.Tests.Sources;

public sealed class RpicamSourceTests
{
    [Fact]
    public void RpicamVid_GetsTheCamerasSettings()
    {
        var arguments = RpicamSource.BuildArguments(new RpicamSourceOptions
        {
            Command = "rpicam-vid -t 0 --codec h264 --inline -o -",
            Width = 1920,
            Height = 1080,
            FramesPerSecond = 25,
            BitrateKbps = 4000,
            KeyframeIntervalFrames = 50,
            Profile = "high",
        });
        Assert.Equal(
            ["rpicam-vid", "-t", "0", "--codec", "h264", "--inline", "-o", "-", "--width", "1920", "--height", "1080",
             "--framerate", "25", "--bitrate", "4000000", "--intra", "50", "--profile", "high", "--nopreview"],
            arguments);
    }

    [Fact]
    public void SettingsInTheCommand_AreKept()
    {
        var arguments = RpicamSource.BuildArguments(new RpicamSourceOptions
        {
            Command = "/usr/bin/libcamera-vid -t 0 --width 640 --framerate=15 -n -o -",
        });
        Assert.Single(arguments, a => a == "--width");
        Assert.Contains("640", arguments);
        Assert.DoesNotContain("--framerate", arguments);
        Assert.Contains("--framerate=15", arguments);
        Assert.DoesNotContain("--nopreview", arguments);
        Assert.Contains("--height", arguments);
    }

    [Fact]
    public void OtherPrograms_RunExactlyAsWritten() =>
        Assert.Equal(["ffmpeg", "-i", "x", "-f", "h264", "-"],
            RpicamSource.BuildArguments(new RpicamSourceOptions { Command = "ffmpeg -i x -f h264 -" }));

    [FfmpegFact]
    public async Task ChildProgramsH264_ArrivesAsWholeAccessUnits()
    {
        var source = new RpicamSource(
            new RpicamSourceOptions
            {
                Command = "ffmpeg -v error -f lavfi -i testsrc=size=320x240:rate=25 -frames:v 50 -c:v libx264 -g 10 -f h264 -",
            },
            NullLogger.Instance);
        var units = new List<byte[]>();
        var error = await Assert.ThrowsAsync<CameraSourceException>(() =>
            source.RunAsync((unit, _) => units.Add(unit.ToArray()), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));

        // The program ends after 50 pictures; the source reports that, after delivering them all.
        Assert.Contains("ffmpeg exited with code 0", error.Message, StringComparison.Ordinal);
        Assert.Equal(50, units.Count);
        Assert.Equal(5, units.Count(u => Contains(u, NalUnitType.IdrSlice)));
        Assert.True(Contains(units[0], NalUnitType.Sps));
    }

    [Fact]
    public async Task MissingProgram_SaysHowToFixIt()
    {
        var source = new RpicamSource(new RpicamSourceOptions { Command = "rpicam-vid-not-installed-here -o -", ConfigKey = "camera.front.rpicam_command" }, NullLogger.Instance);
        var error = await Assert.ThrowsAsync<CameraSourceException>(() => source.RunAsync((_, _) => { }, CancellationToken.None));
        Assert.Contains("could not be started", error.Message, StringComparison.Ordinal);
        Assert.Contains("camera.front.rpicam_command", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailingProgram_ReportsItsExitCodeAndLastWords()
    {
        var source = new RpicamSource(new RpicamSourceOptions { Command = "sh -c 'echo ERROR: no cameras available >&2; exit 3'" }, NullLogger.Instance);
        var error = await Assert.ThrowsAsync<CameraSourceException>(() => source.RunAsync((_, _) => { }, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("sh exited with code 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("ERROR: no cameras available", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SilentProgram_TimesOutAndIsKilled()
    {
        var source = new RpicamSource(
            new RpicamSourceOptions { Command = "sleep 60", FirstUnitTimeout = TimeSpan.FromMilliseconds(500) },
            NullLogger.Instance);
        var started = DateTime.UtcNow;
        var error = await Assert.ThrowsAsync<CameraSourceException>(() => source.RunAsync((_, _) => { }, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("no video from sleep for 1 s", error.Message, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Cancelling_StopsTheProgram()
    {
        var source = new RpicamSource(new RpicamSourceOptions { Command = "sleep 60" }, NullLogger.Instance);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var run = source.RunAsync((_, _) => { }, cancel.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    private static bool Contains(byte[] unit, NalUnitType type)
    {
        foreach (var nal in AnnexB.EnumerateNalUnits(unit))
        {
            if (NalUnitHeader.TypeOf(nal) == type)
                return true;
        }
        return false;
    }
}
