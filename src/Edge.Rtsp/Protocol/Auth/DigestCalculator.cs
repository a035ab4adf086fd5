using System.Security.Cryptography;
using System.Text;

namespace Edge.Rtsp.Protocol.Auth;

/// <summary>The HTTP Digest computation with MD5 (RFC 2617 3.2.2, RFC 7616 3.4.1), as RTSP uses it.</summary>
public static class DigestCalculator
{
    /// <summary>
    /// The <c>response</c> a client sends: with <paramref name="qop"/> <c>auth</c>,
    /// <c>MD5(HA1:nonce:nc:cnonce:qop:HA2)</c>; without (RFC 2069 style), <c>MD5(HA1:nonce:HA2)</c>;
    /// where <c>HA1 = MD5(user:realm:password)</c> and <c>HA2 = MD5(method:uri)</c>. Lower-case hex.
    /// </summary>
    public static string ComputeResponse(
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

        var ha1 = Md5Hex($"{userName}:{realm}:{password}");
        var ha2 = Md5Hex($"{method}:{uri}");
        return qop is null
            ? Md5Hex($"{ha1}:{nonce}:{ha2}")
            : Md5Hex($"{ha1}:{nonce}:{nonceCount}:{clientNonce}:{qop}:{ha2}");
    }

    private static string Md5Hex(string text) =>
        Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
}
