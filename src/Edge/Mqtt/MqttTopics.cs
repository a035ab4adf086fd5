using Edge.Config;

namespace Edge.Mqtt;

/// <summary>
/// Every topic edge uses on the broker, derived from <c>[mqtt]</c>. These names are a public
/// interface (Home Assistant automations and scripts subscribe to them): add, never rename.
/// </summary>
internal sealed class MqttTopics
{
    public MqttTopics(MqttConfig mqtt)
    {
        ArgumentNullException.ThrowIfNull(mqtt);
        Base = mqtt.BaseTopic;
        DiscoveryPrefix = mqtt.DiscoveryPrefix;
        // The base topic is unique per box on a broker (else their states would mix), so its
        // slug is a stable, unique Home Assistant node id that survives a restart.
        NodeId = MqttTopic.Slug(mqtt.BaseTopic);
    }

    /// <summary>The prefix of this box's own topics.</summary>
    public string Base { get; }

    /// <summary>Home Assistant's discovery prefix.</summary>
    public string DiscoveryPrefix { get; }

    /// <summary>This box's id in Home Assistant: the node id of its discovery topics and the start of every unique id.</summary>
    public string NodeId { get; }

    /// <summary><c>online</c> while connected, <c>offline</c> after a clean stop or (the last will) a lost connection; retained.</summary>
    public string Availability => Base + "/availability";

    /// <summary>The state as JSON (<see cref="MqttState"/>); retained.</summary>
    public string State => Base + "/state";

    /// <summary>Where commands are published (<see cref="MqttCommands"/>).</summary>
    public string Command => Base + "/command";

    /// <summary>The discovery topic of one entity: <c>PREFIX/COMPONENT/NODE/OBJECT/config</c>.</summary>
    public string DiscoveryConfig(string component, string objectId) => $"{DiscoveryPrefix}/{component}/{NodeId}/{objectId}/config";
}
