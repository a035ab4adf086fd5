using System.Net;
using Edge.Display;
using Edge.Media.Health;
using Edge.Tests.Status;

namespace Edge.Tests.Display;

public sealed class DisplayViewBuilderTests
{
    private static readonly IPAddress[] Addresses =
        [IPAddress.Loopback, IPAddress.Parse("2001:db8::5"), IPAddress.Parse("192.168.1.5")];

    [Fact]
    public void The_view_has_the_name_reachable_addresses_cameras_with_clients_push_and_the_failed_camera()
    {
        var config = StatusTestData.Config();
        var health = StatusTestData.Health(config, TimeProvider.System);
        health.RtspClientStarted("front");

        var view = DisplayViewBuilder.Build(StatusTestData.Collector(config, health).Collect(IPAddress.Loopback), health.RtspClientsOf, Addresses);

        Assert.Equal("porch <cam> & \"friends\"", view.DeviceName);
        Assert.Equal(["192.168.1.5", "2001:db8::5"], view.Addresses);
        Assert.Equal([new CameraLine("front", "streaming", 1), new CameraLine("back", "failed", 0)], view.Cameras);
        Assert.Equal("live 0/1 retry 1", view.Push);
        Assert.Equal("back: cannot open /dev/video2: No such device", view.Error);
    }

    [Fact]
    public void A_retrying_push_is_the_error_when_the_cameras_are_fine_and_its_stream_key_stays_hidden()
    {
        var config = StatusTestData.Config();
        var health = StatusTestData.Health(config, TimeProvider.System);
        health.SetCamera("back", CameraState.Streaming, "");

        var view = DisplayViewBuilder.Build(StatusTestData.Collector(config, health).Collect(IPAddress.Loopback), health.RtspClientsOf, Addresses);

        Assert.Equal("push front: retrying in 4 s: connection refused (****)", view.Error);
        Assert.DoesNotContain(StatusTestData.StreamKey, view.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fatal_error_comes_first()
    {
        var config = StatusTestData.Config();
        var health = StatusTestData.Health(config, TimeProvider.System);
        health.SetFatalError("RTSP port 8554 is taken");

        var view = DisplayViewBuilder.Build(StatusTestData.Collector(config, health).Collect(IPAddress.Loopback), health.RtspClientsOf, []);

        Assert.Equal("RTSP port 8554 is taken", view.Error);
        Assert.Empty(view.Addresses);
    }

    [Theory]
    [InlineData(new[] { PushState.Live, PushState.Live }, "live 2/2")]
    [InlineData(new[] { PushState.Live, PushState.Connecting }, "live 1/2")]
    [InlineData(new[] { PushState.Disabled }, "disabled")]
    [InlineData(new PushState[0], null)]
    public void The_push_summary_counts_live_pushes_of_the_enabled_ones(PushState[] states, string? expected)
    {
        var pushes = states.Select((s, i) => new Edge.Status.PushStatus($"p{i}", "front", "rtmp://x/app/****", s, "", 0)).ToArray();

        Assert.Equal(expected, DisplayViewBuilder.PushSummary(pushes));
    }
}
