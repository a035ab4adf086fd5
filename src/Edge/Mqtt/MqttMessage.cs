namespace Edge.Mqtt;

/// <summary>One message to publish: its topic, its payload and whether the broker keeps it for later subscribers.</summary>
internal sealed record MqttMessage(string Topic, byte[] Payload, bool Retain);
