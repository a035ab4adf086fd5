using Edge.Auth;
using Edge.Config;

namespace Edge.Mqtt;

/// <summary>
/// Whether an mqtts:// broker's certificate is trusted (the system's CAs, <c>tls_ca_file</c>, or
/// <c>tls_fingerprint</c>: the same policy as an rtmps:// push), and what the log says when it is
/// not: the reason, the certificate's fingerprint, and the setting of <c>[mqtt]</c> that fixes it.
/// </summary>
internal static class MqttBrokerTrust
{
    /// <summary>The policy of one connection attempt, or null for mqtt://; built each time, so a replaced CA file counts at the next attempt.</summary>
    /// <exception cref="ServerTrustException">The CA file cannot be read now, or holds no certificate.</exception>
    public static ServerCertificatePolicy? PolicyFor(MqttConfig mqtt)
    {
        ArgumentNullException.ThrowIfNull(mqtt);
        return mqtt.Url.IsTls ? ServerCertificatePolicy.Create(mqtt.Url.Host, mqtt.TlsCaFile, mqtt.TlsFingerprint) : null;
    }

    /// <summary>Why the broker was refused, and the fix: one line for the log.</summary>
    public static string Refused(MqttConfig mqtt, ServerCertificatePolicy policy, string reason)
    {
        ArgumentNullException.ThrowIfNull(mqtt);
        ArgumentNullException.ThrowIfNull(policy);
        return $"{policy.DescribeRefusal(reason)}; {Fix(mqtt, policy.RefusedFor)}";
    }

    /// <summary>The trust settings cannot be used (the CA file went away since the config was loaded), and the fix.</summary>
    public static string Unusable(ServerTrustException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return $"{e.Message}; fix mqtt.tls_ca_file (a PEM file of the broker's CA) or mqtt.tls_fingerprint";
    }

    private static string Fix(MqttConfig mqtt, ServerCertificateRefusal? refusal) => refusal switch
    {
        ServerCertificateRefusal.NotPinned =>
            "if the broker's certificate was replaced on purpose, set mqtt.tls_fingerprint to the new fingerprint; otherwise something else answers at this address",
        ServerCertificateRefusal.WrongName =>
            "put a name the certificate is for in mqtt.url, or pin this certificate with mqtt.tls_fingerprint",
        ServerCertificateRefusal.Untrusted when mqtt.TlsCaFile is not null =>
            $"check that mqtt.tls_ca_file ({mqtt.TlsCaFile}) holds the CA that signed the broker's certificate, or set mqtt.tls_fingerprint to the certificate's SHA-256 fingerprint",
        _ =>
            "if the broker is your own, set tls_ca_file in [mqtt] to its CA's PEM file (or its self-signed certificate), or tls_fingerprint to its certificate's SHA-256 fingerprint",
    };
}
