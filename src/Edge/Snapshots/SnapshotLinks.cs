using System.Security.Cryptography;
using System.Text;

namespace Edge.Snapshots;

/// <summary>
/// Snapshot URLs that carry their own permission, for clients that fetch a URL they were given
/// but cannot log in: Home Assistant's MQTT image entity fetches <c>snapshot_url</c> from the
/// state topic with no credentials. The <c>key</c> query parameter is an HMAC of the camera's
/// name under a key that lives only in this process; it opens that camera's snapshot and nothing
/// else, and a restart (which republishes the URLs) retires every key given out before.
/// </summary>
/// <remarks>
/// Home Assistant's own camera proxy hands out URLs with an access token the same way. Anyone
/// who can read the broker's state topic can see the pictures, as anyone who can read it can
/// already see the cameras' state; a broker open to strangers should not carry either.
/// </remarks>
internal sealed class SnapshotLinks
{
    /// <summary>The query parameter that carries the key.</summary>
    public const string QueryName = "key";

    private const int KeyBytes = 16;

    private readonly byte[] _secret = RandomNumberGenerator.GetBytes(32);

    /// <summary>The key that opens <paramref name="camera"/>'s snapshot: 32 hex digits.</summary>
    public string KeyFor(string camera)
    {
        ArgumentNullException.ThrowIfNull(camera);
        return Convert.ToHexStringLower(Mac(camera));
    }

    /// <summary><paramref name="snapshotUrl"/> with the key for <paramref name="camera"/> added to its query.</summary>
    public string WithKey(string snapshotUrl, string camera)
    {
        ArgumentNullException.ThrowIfNull(snapshotUrl);
        return $"{snapshotUrl}{(snapshotUrl.Contains('?', StringComparison.Ordinal) ? '&' : '?')}{QueryName}={KeyFor(camera)}";
    }

    /// <summary>True when <paramref name="key"/> is the one for <paramref name="camera"/>; compared in constant time.</summary>
    public bool Opens(string camera, string? key)
    {
        ArgumentNullException.ThrowIfNull(camera);
        if (key is null || key.Length != KeyBytes * 2)
            return false;
        Span<byte> given = stackalloc byte[KeyBytes];
        if (Convert.FromHexString(key, given, out _, out var written) != System.Buffers.OperationStatus.Done || written != KeyBytes)
            return false;
        return CryptographicOperations.FixedTimeEquals(given, Mac(camera));
    }

    private byte[] Mac(string camera) => HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes($"snapshot:{camera}")).AsSpan(0, KeyBytes).ToArray();
}
