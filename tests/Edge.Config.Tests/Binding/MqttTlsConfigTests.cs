using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Edge.Config;

namespace Edge.Config.Tests.Binding;

/// <summary><c>[mqtt]</c> tls_ca_file and tls_fingerprint: trusting a home broker's own CA or pinning its certificate.</summary>
public sealed class MqttTlsConfigTests : IDisposable
{
    private const string Fingerprint = "aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99";
    private readonly string _folder = Directory.CreateTempSubdirectory("edge-config-mqtt-tls-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static ConfigLoadResult Load(string mqtt) => ConfigLoader.LoadText("[camera.a]\n[mqtt]\n" + mqtt, "t.toml");

    [Fact]
    public void CaFile_RelativeToTheConfigFile_AndAFingerprintWithColons_AreBound()
    {
        var ca = WriteCertificate("ca.pem");
        var config = Path.Combine(_folder, "edge.toml");
        File.WriteAllText(config, $"[camera.a]\n[mqtt]\nurl = \"mqtts://broker.lan\"\ntls_ca_file = \"ca.pem\"\ntls_fingerprint = \"{Fingerprint}\"\n");

        var result = ConfigLoader.LoadFile(config);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var mqtt = result.Config!.Mqtt!;
        Assert.Equal(ca, mqtt.TlsCaFile);
        Assert.Equal(Fingerprint.Replace(":", "", StringComparison.Ordinal).ToUpperInvariant(), mqtt.TlsFingerprint);
        Assert.Contains($"TlsCaFile = {ca}", mqtt.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyValues_AreUnset()
    {
        var result = Load("url = \"mqtt://h\"\ntls_ca_file = \"\"\ntls_fingerprint = \"\"\n");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal((null, null), (result.Config!.Mqtt!.TlsCaFile, result.Config.Mqtt.TlsFingerprint));
    }

    [Fact]
    public void ACaFileWithMultipleCertificates_IsAccepted()
    {
        var bundle = Path.Combine(_folder, "bundle.pem");
        File.WriteAllText(bundle, File.ReadAllText(WriteCertificate("one.pem")) + "\n" + File.ReadAllText(WriteCertificate("two.pem")) + "\n");

        var result = Load($"url = \"mqtts://h\"\ntls_ca_file = \"{bundle}\"\n");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
    }

    [Theory]
    [InlineData("tls_ca_file = \"/etc/edge/mqtt-ca.pem\"", "t.toml:4:15: mqtt.tls_ca_file only applies to mqtts:// URLs, and mqtt.url is not one; use mqtts:// to connect with TLS, or remove tls_ca_file")]
    [InlineData("tls_fingerprint = \"" + Fingerprint + "\"", "t.toml:4:19: mqtt.tls_fingerprint only applies to mqtts:// URLs, and mqtt.url is not one; use mqtts:// to connect with TLS, or remove tls_fingerprint")]
    public void TrustSettings_WithAPlainUrl_AreAnError_NamingTheKeyAndTheFix(string line, string expected)
    {
        var result = Load($"url = \"mqtt://h:1883\"\n{line}\n");

        Assert.Contains(result.Errors, e => e.ToString() == expected);
    }

    [Theory]
    [InlineData("AB:CD")]
    [InlineData("zz:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99")]
    public void AFingerprintThatIsNotSha256_IsAnError_SayingHowToGetOne(string fingerprint)
    {
        var result = Load($"url = \"mqtts://h\"\ntls_fingerprint = \"{fingerprint}\"\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal("t.toml:4:19: mqtt.tls_fingerprint must be a SHA-256 fingerprint: 64 hex digits, colons allowed (openssl x509 -in CERT.pem -noout -fingerprint -sha256 prints it)", error.ToString());
    }

    [Fact]
    public void AMissingCaFile_IsAnErrorAtLoad_NamingTheKeyAndTheFile()
    {
        var missing = Path.Combine(_folder, "nope.pem");

        var error = Assert.Single(Load($"url = \"mqtts://h\"\ntls_ca_file = \"{missing}\"\n").Errors);

        Assert.Equal(4, error.Position.Line);
        Assert.Equal($"mqtt.tls_ca_file: {missing} does not exist; give the path of the PEM file of the CA that signed the server's certificate, or of the server's self-signed certificate, or remove tls_ca_file to trust only the system's CAs", error.Message);
    }

    [Fact]
    public void AGarbledCaFile_OrAKey_IsAnErrorAtLoad_SayingWhatItHolds()
    {
        var garbage = Path.Combine(_folder, "garbage.pem");
        File.WriteAllBytes(garbage, [0x30, 0x82, 0x01, 0x00]);
        var key = Path.Combine(_folder, "key.pem");
        using (var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256))
            File.WriteAllText(key, ecdsa.ExportPkcs8PrivateKeyPem());
        var broken = Path.Combine(_folder, "broken.pem");
        File.WriteAllText(broken, "-----BEGIN CERTIFICATE-----\nMIIBbroken\n-----END CERTIFICATE-----\n");

        foreach (var file in new[] { garbage, key, broken })
        {
            var error = Assert.Single(Load($"url = \"mqtts://h\"\ntls_ca_file = \"{file}\"\n").Errors);
            Assert.StartsWith($"mqtt.tls_ca_file: {file} holds ", error.Message, StringComparison.Ordinal);
            Assert.Contains("give the PEM file of the CA that signed the server's certificate", error.Message, StringComparison.Ordinal);
        }
    }

    private string WriteCertificate(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return path;
    }
}
