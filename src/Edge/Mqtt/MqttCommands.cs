using Edge.Control;

namespace Edge.Mqtt;

/// <summary>
/// The payloads accepted on the command topic: the GPIO button's two actions, carried out by the
/// same <see cref="DaemonControl"/> methods.
/// </summary>
internal static class MqttCommands
{
    /// <summary>The short press: a keyframe from every camera and fresh push connections.</summary>
    public const string Refresh = "refresh";

    /// <summary>The long press: restart every camera pipeline.</summary>
    public const string RestartPipelines = "restart_pipelines";

    /// <summary>Carries out <paramref name="payload"/>; false when it is not a known command.</summary>
    public static bool TryExecute(string payload, DaemonControl control)
    {
        ArgumentNullException.ThrowIfNull(control);
        switch (payload.Trim())
        {
            case Refresh:
                control.Refresh();
                return true;
            case RestartPipelines:
                control.RestartPipelines();
                return true;
            default:
                return false;
        }
    }
}
