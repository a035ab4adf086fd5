using Edge.EndToEnd.Tests.Rtsp;
using Edge.EndToEnd.Tests.Support;

namespace Edge.EndToEnd.Tests.Daemon;

/// <summary>
/// A V4L2 camera whose device is missing (unplugged, wrong path): the camera reports why and is
/// retried with back-off while the other cameras stream on. Real capture runs on the emulated
/// board (tests/EmulatedBoard), where the kernel's vivid driver exists.
/// </summary>
public sealed class V4l2CameraTests
{
    [Fact]
    public async Task MissingDevice_IsReportedAndRetried_OtherCamerasStream()
    {
        await using var edge = await EdgeServer.StartAsync(TestCameras.One + """

            [camera.usb]
            source = "v4l2"
            device = "/dev/video97"
            width = 640
            height = 480
            fps = 25
            """);

        await edge.Process.WaitForOutputAsync("camera usb: failed:", TimeSpan.FromSeconds(15));
        var output = edge.Process.Output;
        Assert.Contains("/dev/video97", output, StringComparison.Ordinal);

        var pull = await RtspPull.DecodeAsync(edge.Url("cam"), "tcp", 320, 240, 3);
        RtspPull.AssertClean(pull, 75, source: edge);
        Assert.False(edge.Process.HasExited);
    }
}
