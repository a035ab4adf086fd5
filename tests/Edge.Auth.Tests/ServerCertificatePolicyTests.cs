using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Edge.Auth.Tests;

/// <summary>Reading the TLS trust settings: the pinned fingerprint and the trusted CA file.</summary>
/// <remarks>The decisions on real certificates are checked with real servers: rtmps:// (Edge.Rtmp.Tests) and mqtts:// (the end-to-end tests).</remarks>
public sealed class ServerCertificatePolicyTests
{
    [Theory]
    [InlineData("AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89", true)]
    [InlineData("abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789", true)]
    [InlineData("abcdef0123456789", false)] // too short
    [InlineData("zzcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789", false)] // not hex
    public void Fingerprint_IsAcceptedWithOrWithoutColons(string text, bool valid)
    {
        var parsed = ServerCertificatePolicy.ParseFingerprint(text);

        Assert.Equal(valid, parsed is { Length: 32 });
        if (valid)
            Assert.Equal("AB:CD:EF:01", ServerCertificatePolicy.FormatFingerprint(parsed).Substring(0, 11));
    }

    [Fact]
    public void MissingCaFile_IsATrustSettingsError_NamingTheFile()
    {
        var e = Assert.Throws<ServerTrustException>(() => ServerCertificatePolicy.Create("host", "/nonexistent/ca.pem", null));

        Assert.StartsWith("the trusted CA file \"/nonexistent/ca.pem\" cannot be read", e.Message, StringComparison.Ordinal);
        Assert.StartsWith("trusted CA file unreadable", e.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void CaFileWithoutACertificate_IsATrustSettingsError()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "not a certificate\n");

            var e = Assert.Throws<ServerTrustException>(() => ServerCertificatePolicy.Create("host", file, null));

            Assert.Contains($"\"{file}\" holds no PEM certificate", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void AFingerprintThatIsNotSha256_IsATrustSettingsError()
    {
        var e = Assert.Throws<ServerTrustException>(() => ServerCertificatePolicy.Create("host", null, "AB:CD"));

        Assert.Contains("64 hex digits", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoCertificate_IsRefusedWithTheReason()
    {
        var policy = ServerCertificatePolicy.Create("broker.lan", null, null);

        Assert.False(policy.Accepts(null, null, System.Net.Security.SslPolicyErrors.RemoteCertificateNotAvailable));
        Assert.Equal("the TLS certificate of broker.lan is not trusted: the server sent no certificate", policy.DescribeRefusal(policy.Rejection!));
    }

    [Fact]
    public void APinnedFingerprint_AcceptsThatCertificateWhateverTheChain_AndRefusesAnother_NamingBothOnce()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new CertificateRequest("CN=broker", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var own = ServerCertificatePolicy.FormatFingerprint(SHA256.HashData(certificate.RawData));
        var other = (own[..2] == "00" ? "11" : "00") + own[2..];

        var pinned = ServerCertificatePolicy.Create("broker.lan", null, own);
        var mispinned = ServerCertificatePolicy.Create("broker.lan", null, other);

        Assert.True(pinned.Accepts(certificate, null, SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch));
        Assert.False(mispinned.Accepts(certificate, null, SslPolicyErrors.None));
        Assert.Equal(ServerCertificateRefusal.NotPinned, mispinned.RefusedFor);
        Assert.Equal($"the TLS certificate of broker.lan is not trusted: its SHA-256 fingerprint {own} is not the pinned one ({other})", mispinned.DescribeRefusal(mispinned.Rejection!));
    }
}
