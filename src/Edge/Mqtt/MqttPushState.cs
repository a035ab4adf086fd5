namespace Edge.Mqtt;

/// <summary>One push in <see cref="MqttState"/>; its URL has the stream key masked.</summary>
internal sealed record MqttPushState(string Name, string Camera, string Url, string State, string Detail, long BytesSent);
