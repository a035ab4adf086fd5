using System.Text.Json.Serialization;

namespace Edge.Mqtt;

/// <summary>
/// Source-generated JSON for what edge publishes over MQTT (no reflection, so NativeAOT keeps it).
/// Property names become snake_case, as Home Assistant's discovery schema spells its keys.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MqttState))]
[JsonSerializable(typeof(HomeAssistantEntityConfig))]
internal sealed partial class MqttJsonContext : JsonSerializerContext;
