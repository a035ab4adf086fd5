using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Edge.Web;

/// <summary>
/// A browser's proof that it logged in: set on a response to a request with good credentials and
/// accepted instead of them, so the live view's WebSocket (which a page cannot give an
/// <c>Authorization</c> header) is let in on the same login. The value is the user, an expiry
/// and an HMAC under a key that lives only in this process: nothing is stored, a forged or
/// edited cookie is refused, and a restart (new users, new passwords) logs every browser out.
/// </summary>
internal sealed class SessionCookie
{
    public const string Name = "edge_session";

    /// <summary>How long a cookie is accepted after it was issued.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    private const int MacBytes = 32;
    private const int MaxValueLength = 512;

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly TimeProvider _time;

    public SessionCookie(TimeProvider time)
    {
        _time = time;
    }

    /// <summary>The cookie value for <paramref name="user"/>, valid for <see cref="Lifetime"/>.</summary>
    public string Issue(string user)
    {
        var expiry = _time.GetUtcNow().Add(Lifetime).ToUnixTimeSeconds();
        var payload = Payload(user, expiry);
        return $"{Convert.ToHexStringLower(payload)}.{Convert.ToHexStringLower(Sign(payload))}";
    }

    /// <summary>The user a cookie value was issued to, or null when it is not one of ours, edited, or expired.</summary>
    public string? Validate(string? value)
    {
        if (value is null || value.Length > MaxValueLength)
            return null;
        var dot = value.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
            return null;
        byte[] payload;
        byte[] mac;
        try
        {
            payload = Convert.FromHexString(value.AsSpan(0, dot));
            mac = Convert.FromHexString(value.AsSpan(dot + 1));
        }
        catch (FormatException)
        {
            return null;
        }
        if (payload.Length < sizeof(long) || mac.Length != MacBytes || !CryptographicOperations.FixedTimeEquals(mac, Sign(payload)))
            return null;
        var expiry = BinaryPrimitives.ReadInt64BigEndian(payload);
        if (_time.GetUtcNow().ToUnixTimeSeconds() > expiry)
            return null;
        return Encoding.UTF8.GetString(payload.AsSpan(sizeof(long)));
    }

    private static byte[] Payload(string user, long expiry)
    {
        var payload = new byte[sizeof(long) + Encoding.UTF8.GetByteCount(user)];
        BinaryPrimitives.WriteInt64BigEndian(payload, expiry);
        Encoding.UTF8.GetBytes(user, payload.AsSpan(sizeof(long)));
        return payload;
    }

    private byte[] Sign(ReadOnlySpan<byte> payload) => HMACSHA256.HashData(_key, payload);
}
