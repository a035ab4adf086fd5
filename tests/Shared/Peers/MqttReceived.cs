namespace Edge.Tests.Shared.Peers;

/// <summary>One message as <see cref="MosquittoClient"/> received it.</summary>
public sealed record MqttReceived(bool Retained, string Topic, string Payload);
