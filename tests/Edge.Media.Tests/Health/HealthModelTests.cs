using Edge.Media.Health;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Media.Tests.Health;

public sealed class HealthModelTests
{
    [Fact]
    public void Summary_ListsCamerasClientsAndPushes()
    {
        var health = new HealthModel(new FakeTimeProvider());
        health.SetCamera("front", CameraState.Streaming, "1280x720@30 test pattern, libx264");
        health.SetCamera("back", CameraState.Failed, "no device at /dev/video2");
        health.RtspClientStarted();
        health.SetPush("front -> rtmp://h:1935/live/****", PushState.Live, "", 0);

        Assert.Equal("back: failed (no device at /dev/video2); front: streaming (1280x720@30 test pattern, libx264); 1 RTSP client; pushes live 1/1", health.Summary());
    }

    [Fact]
    public void FatalError_TakesOverTheSummary()
    {
        var health = new HealthModel(new FakeTimeProvider());
        health.SetFatalError("cannot listen for RTSP on 0.0.0.0:8554");

        Assert.Equal("error: cannot listen for RTSP on 0.0.0.0:8554", health.Summary());
    }

    [Fact]
    public void ClearFatalError_ClearsOnlyTheSameProblem()
    {
        var health = new HealthModel(new FakeTimeProvider());
        var changes = 0;
        health.Changed += () => changes++;
        health.SetFatalError("port in use");
        health.SetFatalError("config error");

        health.ClearFatalError("port in use");
        Assert.Equal("config error", health.FatalError);

        health.ClearFatalError("config error");
        Assert.Null(health.FatalError);
        Assert.Equal(3, changes);
    }

    [Fact]
    public void StalledCameras_AreThoseSilentBeyondTheLimit_NotTheStopped()
    {
        var time = new FakeTimeProvider();
        var health = new HealthModel(time);
        health.SetCamera("a", CameraState.Streaming, "");
        health.SetCamera("b", CameraState.Failed, "unplugged");
        health.SetCamera("c", CameraState.Stopped, "");
        time.Advance(TimeSpan.FromSeconds(8));
        health.ReportProgress("b");
        time.Advance(TimeSpan.FromSeconds(4));

        Assert.Equal(["a"], health.StalledCameras(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Changed_FiresOnStateChanges_NotOnProgress()
    {
        var health = new HealthModel(new FakeTimeProvider());
        var changes = 0;
        health.Changed += () => changes++;

        health.SetCamera("a", CameraState.Starting, "");
        health.ReportProgress("a");
        health.ReportProgress("a");
        health.RtspClientStarted();
        health.RtspClientStopped();

        Assert.Equal(3, changes);
        Assert.Equal(0, health.RtspClients);
    }

    [Fact]
    public void RtspClients_AreCountedPerCamera_AndInAll()
    {
        var health = new HealthModel(new FakeTimeProvider());

        health.RtspClientStarted("front");
        health.RtspClientStarted("front");
        health.RtspClientStarted("back");
        health.RtspClientStopped("front");

        Assert.Equal((1, 1, 0, 2), (health.RtspClientsOf("front"), health.RtspClientsOf("back"), health.RtspClientsOf("garden"), health.RtspClients));
        health.RtspClientStopped("front");
        Assert.Equal(0, health.RtspClientsOf("front"));
    }

    [Fact]
    public void PushReconnects_CountEachNewAttemptAfterAFailureOnly()
    {
        var health = new HealthModel(new FakeTimeProvider());
        const string Push = "front -> rtmp://h:1935/live/****";
        PushState[] states = [PushState.Connecting, PushState.Live, PushState.Live, PushState.Retrying, PushState.Connecting, PushState.Retrying, PushState.Connecting, PushState.Live, PushState.Disabled, PushState.Connecting];
        var seen = new List<long>();
        foreach (var state in states)
        {
            health.SetPush(Push, state, "", 0);
            seen.Add(health.Pushes.Single().Reconnects);
        }

        // The first connection is no reconnect, nor is a push enabled again after being stopped.
        Assert.Equal([0, 0, 0, 0, 1, 1, 2, 2, 2, 2], seen);
    }
}
