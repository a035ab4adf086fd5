using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Edge.Auth;

/// <summary>
/// Decides whether a TLS server's certificate is trusted (an rtmps:// ingest server, an mqtts://
/// broker), and says why not when it is not. Nothing is ever accepted blindly.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Default: the system's trust store and the URL's host name, as any TLS client checks them.</item>
/// <item>A trusted CA file: certificates (PEM) trusted in addition to the system's. The server's
/// chain is built again with those as the only roots (<see cref="X509ChainTrustMode.CustomRootTrust"/>),
/// and a certificate in the file equal to the server's own is trusted as is. The host name is
/// still checked.</item>
/// <item>A pinned fingerprint. The server's certificate must have this SHA-256
/// fingerprint, and nothing else is accepted; the pin names the exact certificate, so its chain
/// and names are not consulted.</item>
/// </list>
/// </remarks>
public sealed class ServerCertificatePolicy
{
    private readonly X509Certificate2Collection _extraTrust;
    private readonly byte[]? _pinnedSha256;

    private ServerCertificatePolicy(string host, X509Certificate2Collection extraTrust, string? caFile, byte[]? pinnedSha256)
    {
        Host = host;
        _extraTrust = extraTrust;
        CaFile = caFile;
        _pinnedSha256 = pinnedSha256;
    }

    /// <summary>The host the certificate must be for (the URL's host, also sent as SNI).</summary>
    public string Host { get; }

    public string? CaFile { get; }

    /// <summary>Why the last certificate was refused, or null.</summary>
    public string? Rejection { get; private set; }

    /// <summary>Which check refused the last certificate (the fix depends on it), or null.</summary>
    public ServerCertificateRefusal? RefusedFor { get; private set; }

    /// <summary>The SHA-256 fingerprint (AB:CD:…) of the last certificate seen, or null.</summary>
    public string? PresentedFingerprint { get; private set; }

    /// <summary>Builds the policy of one connection's settings.</summary>
    /// <param name="host">The host name the certificate must be for.</param>
    /// <param name="caFile">A PEM file of certificates trusted in addition to the system's, or null.</param>
    /// <param name="fingerprint">The pinned SHA-256 fingerprint (hex, colons allowed), or null.</param>
    /// <exception cref="ServerTrustException">The CA file cannot be read or holds no certificate, or the fingerprint is not 32 bytes of hex.</exception>
    public static ServerCertificatePolicy Create(string host, string? caFile, string? fingerprint)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        var extraTrust = new X509Certificate2Collection();
        if (!string.IsNullOrEmpty(caFile))
        {
            try
            {
                extraTrust.ImportFromPemFile(caFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
            {
                throw new ServerTrustException(
                    $"the trusted CA file \"{caFile}\" cannot be read: {e.Message}",
                    $"trusted CA file unreadable: {e.Message}", e);
            }
            if (extraTrust.Count == 0)
            {
                throw new ServerTrustException(
                    $"the trusted CA file \"{caFile}\" holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
                    "trusted CA file holds no certificate");
            }
        }

        byte[]? pinned = null;
        if (!string.IsNullOrEmpty(fingerprint))
        {
            pinned = ParseFingerprint(fingerprint) ?? throw new ServerTrustException(
                $"the pinned certificate fingerprint must be a SHA-256 fingerprint: 64 hex digits, colons allowed",
                "pinned fingerprint is not a SHA-256 fingerprint");
        }
        return new ServerCertificatePolicy(host, extraTrust, string.IsNullOrEmpty(caFile) ? null : caFile, pinned);
    }

    /// <summary>"AB:CD:…" or "abcd…" to 32 bytes; null when it is neither.</summary>
    public static byte[]? ParseFingerprint(string text)
    {
        var hex = text.Replace(":", "", StringComparison.Ordinal).Trim();
        if (hex.Length != 64)
            return null;
        try
        {
            return Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The SHA-256 fingerprint of a certificate as AB:CD:….</summary>
    public static string FormatFingerprint(ReadOnlySpan<byte> sha256)
    {
        var text = new StringBuilder(sha256.Length * 3);
        foreach (var b in sha256)
        {
            if (text.Length > 0)
                text.Append(':');
            text.Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }

    /// <summary>
    /// Says that the certificate was refused, why, and which certificate it was (its fingerprint,
    /// the value to pin): "the TLS certificate of HOST is not trusted: REASON (its SHA-256 fingerprint is AB:…)".
    /// </summary>
    public string DescribeRefusal(string reason)
    {
        // A pin's refusal names the fingerprint already.
        var fingerprint = PresentedFingerprint is { } presented && RefusedFor != ServerCertificateRefusal.NotPinned ? $" (its SHA-256 fingerprint is {presented})" : "";
        return $"the TLS certificate of {Host} is not trusted: {reason}{fingerprint}";
    }

    /// <summary>The <see cref="RemoteCertificateValidationCallback"/> of the connection's <see cref="SslStream"/>.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        Accepts(certificate, chain, errors);

    /// <summary>Whether the server's certificate is trusted, given what the TLS stack found; <see cref="Rejection"/> says why not.</summary>
    public bool Accepts(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        var refusal = Check(certificate, chain, errors);
        RefusedFor = refusal?.For;
        Rejection = refusal?.Reason;
        return refusal is null;
    }

    private (ServerCertificateRefusal For, string Reason)? Check(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            return (ServerCertificateRefusal.NoCertificate, "the server sent no certificate");

        using var owned = certificate as X509Certificate2 is null ? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()) : null;
        var server = owned ?? (X509Certificate2)certificate;
        var sha256 = SHA256.HashData(server.RawData);
        PresentedFingerprint = FormatFingerprint(sha256);

        if (_pinnedSha256 is not null)
        {
            return CryptographicOperations.FixedTimeEquals(sha256, _pinnedSha256)
                ? null
                : (ServerCertificateRefusal.NotPinned, $"its SHA-256 fingerprint {PresentedFingerprint} is not the pinned one ({FormatFingerprint(_pinnedSha256)})");
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            return (ServerCertificateRefusal.WrongName, $"it is for {DescribeNames(server)}, not for {Host}");
        if (errors == SslPolicyErrors.None)
            return null;

        // Only chain errors are left: try the extra trust of the CA file.
        if (_extraTrust.Count > 0)
        {
            foreach (var trusted in _extraTrust)
            {
                if (trusted.RawData.AsSpan().SequenceEqual(server.RawData))
                    return null;
            }
            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.CustomTrustStore.AddRange(_extraTrust);
            custom.ChainPolicy.ExtraStore.AddRange(_extraTrust);
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck; // a private CA rarely publishes revocation lists
            if (chain is not null)
            {
                // Intermediates the server sent with its certificate.
                foreach (var element in chain.ChainElements)
                    custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
            if (custom.Build(server))
                return null;
            return (ServerCertificateRefusal.Untrusted, $"it does not chain to a certificate in the trusted CA file \"{CaFile}\" ({DescribeChain(custom)})");
        }

        return (ServerCertificateRefusal.Untrusted, chain is null ? "its chain could not be checked" : $"it is not trusted by this system ({DescribeChain(chain)})");
    }

    private static string DescribeNames(X509Certificate2 certificate)
    {
        var dns = certificate.GetNameInfo(X509NameType.DnsName, forIssuer: false);
        return string.IsNullOrEmpty(dns) ? certificate.Subject : dns;
    }

    private static string DescribeChain(X509Chain chain)
    {
        var problems = chain.ChainStatus
            .Where(s => s.Status != X509ChainStatusFlags.NoError)
            .Select(s => string.IsNullOrWhiteSpace(s.StatusInformation) ? s.Status.ToString() : s.StatusInformation.Trim().TrimEnd('.'))
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        return problems.Length == 0 ? "no valid chain" : string.Join("; ", problems);
    }
}
