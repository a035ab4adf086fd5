using Edge.Cameras;
using Edge.Config;
using Edge.Tests.Shared;
using Edge.Video;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Tests.Cameras;

public sealed class CameraCaptionsTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 12, 7, 16, 3, 19, TimeSpan.Zero));

    private static string CaptionOf(CameraConfig camera, bool isTestPattern)
    {
        var caption = CameraCaptions.For(camera, 640, 360, isTestPattern, Clock);
        Assert.NotNull(caption);
        var pool = new VideoFramePool(640, 360, 1);
        using var frame = pool.Rent();
        frame.PlaneY.Fill(128);
        frame.FrameNumber = 110;
        caption.Apply(frame);
        return CaptionReader.ReadBottomLeft(frame.PlaneY, frame.StrideY, 640, 360);
    }

    [Fact]
    public void TheTestPattern_SaysItsName_TheTime_AndTheFrame_WithoutAnOverlayTable()
    {
        Clock.SetLocalTimeZone(TimeZoneInfo.Utc);

        Assert.Equal("porch  2026-12-07 16:03:19  frame 110", CaptionOf(new CameraConfig { Name = "porch" }, isTestPattern: true));
    }

    [Fact]
    public void ACameraWithAnOverlayTable_SaysWhatItsTextSays()
    {
        Clock.SetLocalTimeZone(TimeZoneInfo.Utc);
        var camera = new CameraConfig { Name = "gate", Overlay = new OverlayConfig { Text = "{camera} %d.%m.%Y" } };

        Assert.Equal("gate 07.12.2026", CaptionOf(camera, isTestPattern: false));
    }

    [Fact]
    public void ACameraWithoutATable_OrWithEmptyText_HasNoCaption()
    {
        Assert.Null(CameraCaptions.For(new CameraConfig { Name = "usb" }, 640, 360, isTestPattern: false, Clock));
        Assert.Null(CameraCaptions.For(new CameraConfig { Name = "t", Overlay = new OverlayConfig { Text = "" } }, 640, 360, isTestPattern: true, Clock));
    }
}
