using System.Security.Cryptography.X509Certificates;
using System.Text;
using Edge.Auth;
using Edge.Config;
using MQTTnet;
using MQTTnet.Protocol;

namespace Edge.Mqtt;

/// <summary>The MQTTnet client options for <c>[mqtt]</c>: broker, TLS, credentials and the last will.</summary>
internal static class MqttConnectionOptions
{
    /// <summary>How long a connection attempt or one publish may take before the connection counts as failed.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The keep-alive: the broker publishes the last will when it hears nothing for 1.5 times this
    /// (a board that lost power), while a killed process's connection closes and the will goes at once.
    /// </summary>
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(30);

    public const string Online = "online";
    public const string Offline = "offline";

    /// <param name="mqtt">The <c>[mqtt]</c> table.</param>
    /// <param name="topics">Its topics (the last will's).</param>
    /// <param name="certificates">For mqtts://: the broker certificate's policy; never null then.</param>
    public static MqttClientOptions For(MqttConfig mqtt, MqttTopics topics, ServerCertificatePolicy? certificates)
    {
        ArgumentNullException.ThrowIfNull(mqtt);
        ArgumentNullException.ThrowIfNull(topics);
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(mqtt.Url.Host, mqtt.Url.Port)
            // The same id on every connection: the broker then ends a previous connection of this
            // box (a half-open one after a network loss, or one it has not yet seen close) before
            // it accepts the new one, so that connection's last will "offline" can never arrive
            // after the new "online". The session is clean, so nothing else carries over.
            .WithClientId("edge-" + topics.NodeId)
            .WithCleanSession()
            .WithKeepAlivePeriod(KeepAlive)
            .WithTimeout(Timeout)
            .WithWillTopic(topics.Availability)
            .WithWillPayload(Encoding.UTF8.GetBytes(Offline))
            .WithWillRetain()
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        if (mqtt.User is not null)
            builder.WithCredentials(mqtt.User, mqtt.Password);
        if (mqtt.Url.IsTls)
        {
            var policy = certificates ?? throw new ArgumentNullException(nameof(certificates), "mqtts:// needs a certificate policy.");
            builder.WithTlsOptions(tls => tls
                .UseTls()
                .WithTargetHost(mqtt.Url.Host) // SNI, and the name the certificate must carry
                // No online revocation check, as for pushes: an unreachable OCSP or CRL server
                // would stall every reconnect, and a home broker's CA publishes none.
                .WithRevocationMode(X509RevocationMode.NoCheck)
                .WithCertificateValidationHandler(args => policy.Accepts(args.Certificate, args.Chain, args.SslPolicyErrors)));
        }
        return builder.Build();
    }
}
