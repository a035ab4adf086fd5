using Edge.Video.Decoders;
using Edge.Video.Sources.V4l2;
using Edge.Video.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Video.Tests.V4l2;

public class UnusableFrameMonitorTests
{
    private static readonly FrameRejection Truncated = FrameRejection.Because(FrameRejectionReason.NoEndOfImage);
    private static readonly FrameRejection Empty = FrameRejection.Because(FrameRejectionReason.Empty);

    [Fact]
    public void BadPictures_AreCounted_AndReportedInOneWarningAtATime()
    {
        var clock = new FakeTimeProvider();
        var logger = new ListLogger();
        var monitor = new UnusableFrameMonitor("/dev/video0", "MJPEG", TimeSpan.FromSeconds(5), "check the cable", logger, clock, TimeSpan.FromSeconds(10));

        // 30 fps for 60 s: one bad picture in three, the rest good; never fails.
        for (var i = 0; i < 600; i++)
        {
            monitor.Skip(i % 2 == 0 ? Truncated : Empty);
            monitor.Usable();
            monitor.Usable();
            clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(600, monitor.Skipped);
        Assert.Equal(6, logger.Lines.Count); // the first at once, then one per 10 s
        Assert.Equal("Warning: /dev/video0: 1 unusable MJPEG pictures skipped so far; the latest because no JPEG end-of-image marker: the picture was cut short",
            logger.Lines[0]);
        Assert.StartsWith("Warning: /dev/video0: 101 unusable MJPEG pictures skipped so far; the latest because ", logger.Lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void OnlyBadPicturesForTheLimit_FailTheCapture_WithTheCountReasonAndFix()
    {
        var clock = new FakeTimeProvider();
        var monitor = new UnusableFrameMonitor("/dev/video0", "MJPEG", TimeSpan.FromSeconds(5), "check the cable", new ListLogger(), clock);
        monitor.Usable();

        CameraFramesUnusableException? failure = null;
        var skipped = 0;
        for (var i = 0; i < 1000 && failure is null; i++)
        {
            try
            {
                monitor.Skip(Truncated);
                skipped++;
            }
            catch (CameraFramesUnusableException e)
            {
                failure = e;
            }

            clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.NotNull(failure);
        Assert.Equal(50, skipped); // 0.0 … 4.9 s pass, the picture at 5.0 s fails
        Assert.Equal("/dev/video0", failure.DevicePath);
        Assert.Equal("/dev/video0: no usable MJPEG picture for 5 s (51 skipped, the last because no JPEG end-of-image marker: the picture was cut short); check the cable",
            failure.Message);
    }

    [Fact]
    public void AGoodPicture_RestartsTheLimit()
    {
        var clock = new FakeTimeProvider();
        var monitor = new UnusableFrameMonitor("/dev/video0", "MJPEG", TimeSpan.FromSeconds(5), "fix", new ListLogger(), clock);
        for (var i = 0; i < 40; i++)
        {
            monitor.Skip(Truncated); // 4 s of garbage
            clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        monitor.Usable();
        for (var i = 0; i < 40; i++)
        {
            monitor.Skip(Truncated); // another 4 s: still under the limit since the good one
            clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Throws<CameraFramesUnusableException>(() => monitor.Skip(Truncated));
        Assert.Equal(81, monitor.Skipped);
    }
}
