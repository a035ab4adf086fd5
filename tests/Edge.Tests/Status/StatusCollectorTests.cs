using System.Net;
using Edge.Config;
using Edge.Media.Health;
using Edge.Status;

namespace Edge.Tests.Status;

public sealed class StatusCollectorTests
{
    private static StatusSnapshot Collect(string rtspHost, string localAddress, Action<HealthModel>? change = null)
    {
        var config = StatusTestData.Config() with { Rtsp = new RtspConfig { Listen = new ListenEndpoint(rtspHost, 8554) } };
        var health = new HealthModel(TimeProvider.System);
        change?.Invoke(health);
        return StatusTestData.Collector(config, health).Collect(IPAddress.Parse(localAddress));
    }

    [Theory]
    [InlineData("0.0.0.0", "192.168.1.20", "rtsp://192.168.1.20:8554/front")]
    [InlineData("0.0.0.0", "::ffff:10.0.0.5", "rtsp://10.0.0.5:8554/front")]
    [InlineData("::", "fe80::1%2", "rtsp://[fe80::1%252]:8554/front")]
    [InlineData("::", "2001:db8::7", "rtsp://[2001:db8::7]:8554/front")]
    [InlineData("10.1.2.3", "127.0.0.1", "rtsp://10.1.2.3:8554/front")]
    public void Builds_rtsp_urls_that_reach_this_box_from_the_asking_client(string rtspHost, string localAddress, string expected) =>
        Assert.Equal(expected, Collect(rtspHost, localAddress).Cameras[0].RtspUrl);

    [Fact]
    public void Lists_cameras_and_pushes_in_config_order_even_before_they_report()
    {
        var status = Collect("0.0.0.0", "127.0.0.1");

        Assert.Equal(["front", "back"], status.Cameras.Select(c => c.Name));
        Assert.All(status.Cameras, c => Assert.Equal(CameraState.Starting, c.State));
        var push = Assert.Single(status.Pushes);
        Assert.Equal(PushState.Connecting, push.State);
        Assert.Equal(0, push.BytesSent);
        Assert.Equal("camera front: starting; camera back: starting", status.Problem);
    }

    [Fact]
    public void Keeps_a_reason_on_one_line()
    {
        Assert.Equal("a b  c", StatusSnapshot.OneLine("a\nb\r\nc"));
        Assert.Same("plain", StatusSnapshot.OneLine("plain"));
    }
}
