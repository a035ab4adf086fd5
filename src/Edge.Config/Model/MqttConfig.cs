namespace Edge.Config;

/// <summary><c>[mqtt]</c>: publish state to an MQTT broker, with Home Assistant discovery, and take button presses from it.</summary>
public sealed record MqttConfig
{
    public const string DefaultDiscoveryPrefix = "homeassistant";

    /// <summary>The broker.</summary>
    public required MqttUrl Url { get; init; }

    /// <summary>The user name to log in with, or null to connect anonymously.</summary>
    public string? User { get; init; }

    /// <summary>The password, or null; a secret, never printed.</summary>
    public string? Password { get; init; }

    /// <summary>For mqtts://: a PEM file of CA certificates trusted in addition to the system's (a home broker's own CA or self-signed certificate).</summary>
    public string? TlsCaFile { get; init; }

    /// <summary>For mqtts://: the SHA-256 fingerprint (upper-case hex) the broker's certificate must have, instead of a CA.</summary>
    public string? TlsFingerprint { get; init; }

    /// <summary>Every topic of this box starts with this (<c>edge/NAME</c> unless set).</summary>
    public required string BaseTopic { get; init; }

    /// <summary>Whether Home Assistant discovery configs are published.</summary>
    public bool Discovery { get; init; } = true;

    /// <summary>Home Assistant's discovery prefix (its MQTT integration's setting).</summary>
    public string DiscoveryPrefix { get; init; } = DefaultDiscoveryPrefix;

    /// <summary>The default base topic of a box named <paramref name="deviceName"/>.</summary>
    public static string DefaultBaseTopic(string deviceName) => "edge/" + MqttTopic.Slug(deviceName);

    /// <summary>Never prints the password, so the config can be logged safely.</summary>
    public override string ToString() =>
        $"MqttConfig {{ Url = {Url}, User = {User}, Password = {(Password is null ? "" : "***")}, TlsCaFile = {TlsCaFile}, TlsFingerprint = {TlsFingerprint}, BaseTopic = {BaseTopic}, Discovery = {Discovery}, DiscoveryPrefix = {DiscoveryPrefix} }}";
}
