using Edge.Gpio.Leds;
using Edge.Gpio.Tests.Support;
using Edge.Media.Health;

namespace Edge.Gpio.Tests;

public sealed class LedPatternSelectorTests
{
    private static LedHealth Health(
        bool shuttingDown = false, bool fatal = false, int cameras = 1, int streaming = 0, int failed = 0,
        int pushes = 0, int live = 0, int clients = 0) =>
        new(shuttingDown, fatal, cameras, streaming, failed, pushes, live, clients);

    [Fact]
    public void Status_FollowsThePriorityOrder()
    {
        Assert.Same(LedPattern.SlowBlink, LedPatternSelector.ForStatus(Health(cameras: 2, streaming: 1)));
        Assert.Same(LedPattern.SlowBlink, LedPatternSelector.ForStatus(Health(cameras: 0)));
        Assert.Same(LedPattern.On, LedPatternSelector.ForStatus(Health(cameras: 2, streaming: 2)));
        Assert.Same(LedPattern.DoubleBlink, LedPatternSelector.ForStatus(Health(cameras: 2, streaming: 1, failed: 1)));
        Assert.Same(LedPattern.FastBlink, LedPatternSelector.ForStatus(Health(fatal: true, cameras: 2, streaming: 1, failed: 1)));
        Assert.Same(LedPattern.Off, LedPatternSelector.ForStatus(Health(shuttingDown: true, fatal: true, failed: 1)));
    }

    [Fact]
    public void Upstream_OffWithoutPushes_BlinkWhileConnecting_SolidWhenAllLive()
    {
        Assert.Same(LedPattern.Off, LedPatternSelector.ForUpstream(Health(pushes: 0)));
        Assert.Same(LedPattern.Blink, LedPatternSelector.ForUpstream(Health(pushes: 2, live: 1)));
        Assert.Same(LedPattern.Blink, LedPatternSelector.ForUpstream(Health(pushes: 1, live: 0)));
        Assert.Same(LedPattern.On, LedPatternSelector.ForUpstream(Health(pushes: 2, live: 2)));
        Assert.Same(LedPattern.Off, LedPatternSelector.ForUpstream(Health(shuttingDown: true, pushes: 2, live: 2)));
        Assert.Same(LedPattern.Off, LedPatternSelector.ForUpstream(Health(fatal: true, pushes: 2, live: 2)));
    }

    [Fact]
    public void Clients_OnWhileSomeoneWatches()
    {
        Assert.Same(LedPattern.Off, LedPatternSelector.ForClients(Health(clients: 0)));
        Assert.Same(LedPattern.On, LedPatternSelector.ForClients(Health(clients: 3)));
        Assert.Same(LedPattern.Off, LedPatternSelector.ForClients(Health(shuttingDown: true, clients: 3)));
    }

    [Fact]
    public void For_DispatchesByRole()
    {
        var health = Health(cameras: 1, streaming: 1, pushes: 1, live: 0, clients: 1);
        Assert.Same(LedPattern.On, LedPatternSelector.For(LedRole.Status, health));
        Assert.Same(LedPattern.Blink, LedPatternSelector.For(LedRole.Upstream, health));
        Assert.Same(LedPattern.On, LedPatternSelector.For(LedRole.Clients, health));
    }

    [Fact]
    public void LedHealth_CountsTheModel_IgnoringStoppedCamerasAndDisabledPushes()
    {
        var model = new HealthModel(new Microsoft.Extensions.Time.Testing.FakeTimeProvider());
        model.SetCamera("front", CameraState.Streaming, "720p");
        model.SetCamera("back", CameraState.Failed, "unplugged");
        model.SetCamera("side", CameraState.Starting, "");
        model.SetCamera("old", CameraState.Stopped, "");
        model.SetPush("a", PushState.Live, "", 0);
        model.SetPush("b", PushState.Retrying, "refused", 0);
        model.SetPush("c", PushState.Disabled, "", 0);
        model.RtspClientStarted();
        model.RtspClientStarted();

        Assert.Equal(new LedHealth(false, false, 3, 1, 1, 2, 1, 2), LedHealth.From(model));

        model.SetFatalError("port 8554 in use");
        Assert.True(LedHealth.From(model, shuttingDown: true) is { FatalError: true, ShuttingDown: true });
    }
}
