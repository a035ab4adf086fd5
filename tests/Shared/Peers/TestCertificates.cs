using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Edge.Tests.Shared.Peers;

/// <summary>
/// A throwaway certificate authority and a server certificate it signed, made by the test with
/// .NET's <see cref="CertificateRequest"/> (ECDSA P-256, valid for a day), written as PEM files
/// for stunnel and for <c>tls_ca_file</c>.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private TestCertificates(string directory, X509Certificate2 authority, X509Certificate2 server)
    {
        Directory = directory;
        Authority = authority;
        Server = server;
        CaPemFile = Path.Combine(directory, "ca.pem");
        ServerCertificatePemFile = Path.Combine(directory, "server.pem");
        ServerKeyPemFile = Path.Combine(directory, "server.key");
        ServerSha256 = Convert.ToHexString(SHA256.HashData(server.RawData));
    }

    public string Directory { get; }

    /// <summary>The CA certificate (public part only).</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The server certificate, with its private key.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>The CA certificate, PEM: what <c>tls_ca_file</c> points at.</summary>
    public string CaPemFile { get; }

    /// <summary>The server certificate, PEM.</summary>
    public string ServerCertificatePemFile { get; }

    /// <summary>The server's private key, PEM (PKCS#8).</summary>
    public string ServerKeyPemFile { get; }

    /// <summary>The server certificate's SHA-256 fingerprint, plain upper-case hex.</summary>
    public string ServerSha256 { get; }

    /// <summary>The fingerprint as AB:CD:… (the form browsers and <c>openssl x509 -fingerprint</c> print).</summary>
    public string ServerSha256WithColons => string.Join(':', Enumerable.Range(0, ServerSha256.Length / 2).Select(i => ServerSha256.Substring(i * 2, 2)));

    /// <summary>Makes a CA and a server certificate for <paramref name="dnsNames"/> and <paramref name="ipAddresses"/>.</summary>
    public static TestCertificates Create(IEnumerable<string>? dnsNames = null, IEnumerable<IPAddress>? ipAddresses = null)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("edge-certs-").FullName;
        var now = DateTimeOffset.UtcNow;

        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorityRequest = new CertificateRequest("CN=Edge Test CA", authorityKey, HashAlgorithmName.SHA256);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        authorityRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(authorityRequest.PublicKey, false));
        using var authorityWithKey = authorityRequest.CreateSelfSigned(now.AddHours(-1), now.AddDays(1));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=Edge Test Server", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var dns in dnsNames ?? ["localhost"])
            names.AddDnsName(dns);
        foreach (var ip in ipAddresses ?? [IPAddress.Loopback])
            names.AddIpAddress(ip);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false)); // serverAuth
        serverRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(serverRequest.PublicKey, false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authorityWithKey, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var serverPublic = serverRequest.Create(authorityWithKey, now.AddHours(-1), now.AddDays(1), serial);
        var server = serverPublic.CopyWithPrivateKey(serverKey);
        var authority = X509CertificateLoader.LoadCertificate(authorityWithKey.RawData);

        var certificates = new TestCertificates(directory, authority, server);
        File.WriteAllText(certificates.CaPemFile, authority.ExportCertificatePem());
        File.WriteAllText(certificates.ServerCertificatePemFile, server.ExportCertificatePem());
        File.WriteAllText(certificates.ServerKeyPemFile, serverKey.ExportPkcs8PrivateKeyPem());
        return certificates;
    }

    public void Dispose()
    {
        Authority.Dispose();
        Server.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
