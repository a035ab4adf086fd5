using System.Security.Cryptography;
using System.Text;

namespace Edge.Auth;

/// <summary>The HTTP Digest computation (RFC 2617 3.2.2, RFC 7616 3.4.1) with MD5 or SHA-256, as HTTP and RTSP use it.</summary>
public static class DigestCalculator
{
    /// <summary>
    /// The <c>response</c> a client sends: with <paramref name="qop"/> <c>auth</c>,
    /// <c>H(HA1:nonce:nc:cnonce:qop:HA2)</c>; without (RFC 2069 style), <c>H(HA1:nonce:HA2)</c>;
    /// where <c>HA1 = H(user:realm:password)</c> and <c>HA2 = H(method:uri)</c>. Lower-case hex.
    /// </summary>
    public static string ComputeResponse(
        DigestAlgorithm algorithm,
        string userName,
        string realm,
        string password,
        string method,
        string uri,
        string nonce,
        string? qop = null,
        string? nonceCount = null,
        string? clientNonce = null)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(realm);
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(nonce);

        var ha1 = HashHex(algorithm, $"{userName}:{realm}:{password}");
        var ha2 = HashHex(algorithm, $"{method}:{uri}");
        return qop is null
            ? HashHex(algorithm, $"{ha1}:{nonce}:{ha2}")
            : HashHex(algorithm, $"{ha1}:{nonce}:{nonceCount}:{clientNonce}:{qop}:{ha2}");
    }

    /// <summary>The name of <paramref name="algorithm"/> in the <c>algorithm</c> parameter.</summary>
    public static string NameOf(DigestAlgorithm algorithm) => algorithm == DigestAlgorithm.Sha256 ? "SHA-256" : "MD5";

    /// <summary>The algorithm a client named (none means MD5, RFC 7616 3.3); false for any other, the <c>-sess</c> variants included.</summary>
    public static bool TryParse(string? name, out DigestAlgorithm algorithm)
    {
        algorithm = DigestAlgorithm.Md5;
        if (name is null || name.Equals("MD5", StringComparison.OrdinalIgnoreCase))
            return true;
        algorithm = DigestAlgorithm.Sha256;
        return name.Equals("SHA-256", StringComparison.OrdinalIgnoreCase);
    }

    private static string HashHex(DigestAlgorithm algorithm, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return Convert.ToHexStringLower(algorithm == DigestAlgorithm.Sha256 ? SHA256.HashData(bytes) : MD5.HashData(bytes));
    }
}
