using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Edge.Config;

/// <summary>The MQTT broker: <c>mqtt://host[:port]</c> (plain, port 1883) or <c>mqtts://host[:port]</c> (TLS, port 8883).</summary>
public sealed class MqttUrl
{
    public const int DefaultPort = 1883;
    public const int DefaultTlsPort = 8883;

    private MqttUrl(bool isTls, string host, int port)
    {
        IsTls = isTls;
        Host = host;
        Port = port;
    }

    /// <summary>True for <c>mqtts://</c>.</summary>
    public bool IsTls { get; }

    /// <summary>Host name or IP literal (IPv6 without brackets).</summary>
    public string Host { get; }

    public int Port { get; }

    public override string ToString() =>
        $"{(IsTls ? "mqtts" : "mqtt")}://{(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Parses a broker URL; credentials belong in their own keys, so a user name in the URL is an error.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out MqttUrl? url, out string error)
    {
        url = null;
        if (!UrlAuthority.TrySplitScheme(text, "mqtt", "mqtts", "mqtt://homeassistant.local:1883", out var isTls, out var rest, out error))
            return false;

        rest = rest.TrimEnd('/');
        if (rest.Contains('@', StringComparison.Ordinal))
        {
            error = "must not carry a user name or password; set mqtt.user and mqtt.password instead";
            return false;
        }
        if (rest.Contains('/', StringComparison.Ordinal) || rest.Contains('?', StringComparison.Ordinal))
        {
            error = "must be only the broker's host and port, like mqtt://homeassistant.local:1883; topics are set by mqtt.base_topic";
            return false;
        }
        if (text.Any(char.IsWhiteSpace))
        {
            error = "must not contain spaces";
            return false;
        }
        if (!UrlAuthority.TrySplit(rest, isTls ? DefaultTlsPort : DefaultPort, out var host, out var port, out error))
            return false;

        url = new MqttUrl(isTls, host, port);
        return true;
    }
}
