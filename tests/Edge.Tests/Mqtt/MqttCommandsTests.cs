using Edge.Cameras;
using Edge.Config;
using Edge.Control;
using Edge.Mqtt;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Tests.Mqtt;

/// <summary>The command topic's words carry out the GPIO button's actions through <see cref="DaemonControl"/>.</summary>
public sealed class MqttCommandsTests
{
    [Theory]
    [InlineData("refresh", 1, 0)]
    [InlineData(" restart_pipelines\n", 0, 1)]
    [InlineData("PRESS", 0, 0)]
    [InlineData("", 0, 0)]
    public void Commands_RaiseTheButtonsActions(string payload, int reconnects, int restarts)
    {
        using var cameras = new CameraRegistry(new EdgeConfig(), TimeProvider.System, NullLoggerFactory.Instance);
        var control = new DaemonControl(cameras);
        var (reconnected, restarted) = (0, 0);
        control.ReconnectPushesRequested += () => reconnected++;
        control.RestartPipelinesRequested += () => restarted++;

        var known = MqttCommands.TryExecute(payload, control);

        Assert.Equal(reconnects + restarts > 0, known);
        Assert.Equal((reconnects, restarts), (reconnected, restarted));
    }
}
