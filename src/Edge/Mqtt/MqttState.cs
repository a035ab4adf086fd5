using System.Text.Json.Serialization;

namespace Edge.Mqtt;

/// <summary>
/// The retained JSON on the state topic. Cameras are keyed by name, so a Home Assistant template
/// reaches one as <c>value_json.cameras['front']</c>. Field names are a public interface: add,
/// never rename.
/// </summary>
/// <param name="Device">The box's name (<c>[device] name</c>).</param>
/// <param name="Version">The edge version.</param>
/// <param name="UptimeSeconds">Whole seconds since the daemon started.</param>
/// <param name="Healthy">No fatal error and every camera streaming (what <c>/healthz</c> answers).</param>
/// <param name="HealthReason">One line saying what is wrong, null when healthy.</param>
/// <param name="RtspClients">RTSP clients playing now, all cameras together.</param>
/// <param name="Cameras">Every camera by name.</param>
/// <param name="Pushes">Every push, in config file order.</param>
internal sealed record MqttState(
    string Device,
    string Version,
    [property: JsonPropertyName("uptime_s")] long UptimeSeconds,
    bool Healthy,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? HealthReason,
    int RtspClients,
    Dictionary<string, MqttCameraState> Cameras,
    List<MqttPushState> Pushes);
