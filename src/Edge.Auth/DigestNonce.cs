using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Edge.Auth;

/// <summary>
/// Stateless Digest nonces: the time of issue on the monotonic clock, and an HMAC of it under a key
/// that lives only in this process, as 48 hex digits. The server remembers nothing, and can still
/// tell its own nonces from forged ones and know how old they are.
/// </summary>
internal sealed class DigestNonce
{
    private const int StampBytes = 8;
    private const int MacBytes = 16;
    private const int NonceBytes = StampBytes + MacBytes;

    private readonly byte[] _key;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;

    public DigestNonce(TimeProvider time, TimeSpan lifetime, byte[]? key = null)
    {
        _time = time;
        _lifetime = lifetime;
        _key = key ?? RandomNumberGenerator.GetBytes(32);
    }

    /// <summary>A new nonce.</summary>
    public string Create()
    {
        Span<byte> nonce = stackalloc byte[NonceBytes];
        BinaryPrimitives.WriteInt64BigEndian(nonce, _time.GetTimestamp());
        Sign(nonce[..StampBytes], nonce[StampBytes..]);
        return Convert.ToHexStringLower(nonce);
    }

    /// <summary>Checks a nonce a client sent back.</summary>
    public NonceState Validate(string nonce)
    {
        Span<byte> bytes = stackalloc byte[NonceBytes];
        if (nonce.Length != NonceBytes * 2 || Convert.FromHexString(nonce, bytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != NonceBytes)
            return NonceState.Unknown;

        Span<byte> expected = stackalloc byte[MacBytes];
        Sign(bytes[..StampBytes], expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes[StampBytes..]))
            return NonceState.Unknown;

        var age = _time.GetElapsedTime(BinaryPrimitives.ReadInt64BigEndian(bytes));
        return age < TimeSpan.Zero || age > _lifetime ? NonceState.Expired : NonceState.Valid;
    }

    private void Sign(ReadOnlySpan<byte> stamp, Span<byte> mac)
    {
        Span<byte> full = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, stamp, full);
        full[..MacBytes].CopyTo(mac);
    }
}
