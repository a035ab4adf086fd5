using System.Text.Json;
using Edge.Status;

namespace Edge.Mqtt;

/// <summary>
/// The Home Assistant MQTT discovery configs of one box, following Home Assistant's documented
/// schema (https://www.home-assistant.io/integrations/mqtt/#mqtt-discovery): the box is a device
/// with a problem sensor, its RTSP client count and the button's two actions; each camera is a
/// device reached through it, with its state, frame rate, RTSP clients and a snapshot image.
/// Every entity reads the one state topic and goes unavailable with the availability topic.
/// </summary>
/// <remarks>
/// The two buttons belong to the box, not to each camera, because the actions they share with the
/// GPIO button act on every camera and every push at once. The snapshot is an <c>image</c> entity
/// fed a URL (<c>url_topic</c> + <c>url_template</c> on the state topic) rather than JPEG bytes
/// over MQTT: Home Assistant fetches the picture from the HTTP server only when someone looks,
/// and every state message makes it fetch a fresh one, where publishing pictures would encode
/// and send one every period whether anyone looks or not.
/// </remarks>
internal static class HomeAssistantDiscovery
{
    public const string Manufacturer = "Edge";

    /// <summary>The values the state sensor of a camera takes (<see cref="CameraStatus.StateName"/>).</summary>
    public static readonly string[] CameraStates = ["starting", "streaming", "failed", "stopped"];

    /// <summary>The values the state sensor of a push takes (<see cref="PushStatus.StateName"/>).</summary>
    public static readonly string[] PushStates = ["disabled", "connecting", "live", "retrying"];

    /// <param name="topics">The box's topics.</param>
    /// <param name="status">The cameras and pushes to describe, as the status collector sees them.</param>
    /// <param name="withSnapshots">Whether the HTTP server runs; without it there is no snapshot entity.</param>
    /// <param name="configurationUrl">The status page's URL for the device's "visit" link, or null.</param>
    public static IReadOnlyList<MqttMessage> Build(MqttTopics topics, StatusSnapshot status, bool withSnapshots, string? configurationUrl)
    {
        ArgumentNullException.ThrowIfNull(topics);
        ArgumentNullException.ThrowIfNull(status);
        var origin = new HomeAssistantOrigin("Edge", status.Version);
        var box = new HomeAssistantDevice([topics.NodeId], status.Device, Manufacturer, "Edge camera daemon", status.Version, ConfigurationUrl: configurationUrl);
        var messages = new List<MqttMessage>();

        void Add(string component, string objectId, HomeAssistantDevice device, string name, Func<HomeAssistantEntityConfig, HomeAssistantEntityConfig> with)
        {
            var config = with(new HomeAssistantEntityConfig
            {
                Name = name,
                UniqueId = $"{topics.NodeId}_{objectId}",
                Device = device,
                Origin = origin,
                AvailabilityTopic = topics.Availability,
            });
            messages.Add(new MqttMessage(topics.DiscoveryConfig(component, objectId), JsonSerializer.SerializeToUtf8Bytes(config, MqttJsonContext.Default.HomeAssistantEntityConfig), Retain: true));
        }

        Add("binary_sensor", "problem", box, "Problem", c => c with
        {
            StateTopic = topics.State,
            ValueTemplate = "{{ 'OFF' if value_json.healthy else 'ON' }}",
            DeviceClass = "problem",
            EntityCategory = "diagnostic",
        });
        Add("sensor", "rtsp_clients", box, "RTSP clients", c => c with
        {
            StateTopic = topics.State,
            ValueTemplate = "{{ value_json.rtsp_clients }}",
            StateClass = "measurement",
            Icon = "mdi:account-eye",
        });
        Add("button", "refresh", box, "Force keyframe / reconnect pushes", c => c with
        {
            CommandTopic = topics.Command,
            PayloadPress = MqttCommands.Refresh,
            Icon = "mdi:refresh",
        });
        Add("button", "restart_pipelines", box, "Restart pipeline", c => c with
        {
            CommandTopic = topics.Command,
            PayloadPress = MqttCommands.RestartPipelines,
            DeviceClass = "restart",
        });
        for (var i = 0; i < status.Pushes.Count; i++)
        {
            var push = status.Pushes[i];
            Add("sensor", $"push_{i}", box, $"Push {i + 1} ({push.Camera})", c => c with
            {
                StateTopic = topics.State,
                ValueTemplate = $"{{{{ value_json.pushes[{i}].state }}}}",
                DeviceClass = "enum",
                Options = PushStates,
                Icon = "mdi:upload-network",
            });
        }

        foreach (var camera in status.Cameras)
        {
            // Camera names are letters, digits, _ and - (the config checks), safe in a topic, an id and a quoted template key.
            var id = $"camera_{camera.Name}";
            var device = new HomeAssistantDevice([$"{topics.NodeId}_{id}"], $"{status.Device} {camera.Name}", Manufacturer,
                $"Edge camera ({CameraStatus.SourceName(camera.Source)}, {camera.Width}x{camera.Height})", status.Version, ViaDevice: topics.NodeId);
            var json = $"value_json.cameras['{camera.Name}']";
            Add("sensor", $"{id}_state", device, "State", c => c with
            {
                StateTopic = topics.State,
                ValueTemplate = $"{{{{ {json}.state }}}}",
                DeviceClass = "enum",
                Options = CameraStates,
                Icon = "mdi:cctv",
            });
            Add("sensor", $"{id}_fps", device, "Frame rate", c => c with
            {
                StateTopic = topics.State,
                ValueTemplate = $"{{{{ {json}.fps }}}}",
                UnitOfMeasurement = "fps",
                StateClass = "measurement",
                EntityCategory = "diagnostic",
                Icon = "mdi:filmstrip",
            });
            Add("sensor", $"{id}_clients", device, "RTSP clients", c => c with
            {
                StateTopic = topics.State,
                ValueTemplate = $"{{{{ {json}.clients }}}}",
                StateClass = "measurement",
                Icon = "mdi:account-eye",
            });
            if (withSnapshots)
            {
                Add("image", $"{id}_snapshot", device, "Snapshot", c => c with
                {
                    UrlTopic = topics.State,
                    UrlTemplate = $"{{{{ {json}.snapshot_url }}}}",
                });
            }
        }
        return messages;
    }
}
