using System.Net;
using Edge.Cameras;
using Edge.Config;
using Edge.Live;
using Edge.Media.Health;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Tests.Live;

/// <summary>Admitted viewers are listed for the status page with what they were sent, and leave the list (and free their place) when they go.</summary>
public sealed class LiveViewersTests
{
    [Fact]
    public void Admitted_viewers_are_listed_until_they_leave()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero));
        var config = new EdgeConfig { Cameras = [new CameraConfig { Name = "front", Source = CameraSourceKind.Test }] };
        using var cameras = new CameraRegistry(config, time, NullLoggerFactory.Instance);
        var health = new HealthModel(time);
        health.SetCamera("front", CameraState.Streaming, "");
        var viewers = new LiveViewers(cameras, health, maxPerCamera: 2, time);

        var browser = viewers.TryAdmit("front", new IPEndPoint(IPAddress.Loopback, 40000), LiveTransport.WebSocket).Viewer!;
        time.Advance(TimeSpan.FromSeconds(30));
        var player = viewers.TryAdmit("front", new IPEndPoint(IPAddress.Loopback, 40001), LiveTransport.Http).Viewer!;
        browser.CountSent(1000);
        browser.CountSent(24);
        Assert.Equal(AdmissionRefusal.TooManyViewers, viewers.TryAdmit("front", new IPEndPoint(IPAddress.Loopback, 40002), LiveTransport.Http).Refusal);

        Assert.Equal(
            [
                new LiveViewerInfo("front", new IPEndPoint(IPAddress.Loopback, 40000), LiveTransport.WebSocket, time.GetUtcNow().AddSeconds(-30), 1024),
                new LiveViewerInfo("front", new IPEndPoint(IPAddress.Loopback, 40001), LiveTransport.Http, time.GetUtcNow(), 0),
            ],
            viewers.Watching());

        browser.Dispose();
        browser.Dispose(); // twice frees one place only
        Assert.Equal(40001, Assert.Single(viewers.Watching()).RemoteEndPoint.Port);
        Assert.Equal(1, viewers.CountOf("front"));
        player.Dispose();
        Assert.Empty(viewers.Watching());
        Assert.Equal(0, viewers.CountOf("front"));
    }
}
