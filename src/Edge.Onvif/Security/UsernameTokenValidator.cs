using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Edge.Auth;

namespace Edge.Onvif.Security;

/// <summary>
/// Checks WS-Security UsernameTokens (OASIS Username Token Profile 1.0) against a fixed list of
/// users: <c>PasswordDigest = Base64(SHA-1(nonce + created + password))</c>, with
/// <c>Created</c> within <see cref="ClockSkew"/> of this box's clock and each nonce accepted once
/// within that window, so a captured request cannot be replayed. Thread-safe.
/// </summary>
/// <remarks>
/// A plain-text password (<c>#PasswordText</c>) is accepted only when <c>allowPlainText</c> is
/// set: the host allows it exactly where the web page accepts HTTP Basic, which shows the
/// password as plainly.
/// </remarks>
public sealed class UsernameTokenValidator
{
    /// <summary>How far a token's <c>Created</c> may be from this box's clock (either way).</summary>
    public static readonly TimeSpan DefaultClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Most nonces remembered; past this the oldest is forgotten (they expire with the window anyway).</summary>
    public const int MaxRememberedNonces = 4096;

    private const int MaxNonceBytes = 64;

    private readonly UserCredential[] _users;
    private readonly bool _allowPlainText;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly Queue<(string Nonce, DateTimeOffset Expiry)> _seenOrder = new();
    private readonly Lock _gate = new();

    public UsernameTokenValidator(IReadOnlyList<UserCredential> users, TimeProvider time, bool allowPlainText = false, TimeSpan? clockSkew = null)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(time);
        _users = [.. users];
        _time = time;
        _allowPlainText = allowPlainText;
        ClockSkew = clockSkew ?? DefaultClockSkew;
    }

    public TimeSpan ClockSkew { get; }

    /// <summary>Null when <paramref name="token"/> lets its user in; otherwise why not, in words safe to log (never the password).</summary>
    public string? Check(UsernameToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var user = Find(token.UserName);
        if (!token.IsDigest)
        {
            if (!_allowPlainText)
                return "plain-text passwords are refused; send a PasswordDigest";
            var same = CryptographicOperations.FixedTimeEquals(
                SHA256.HashData(Encoding.UTF8.GetBytes(token.Password)),
                SHA256.HashData(Encoding.UTF8.GetBytes(user?.Password ?? "")));
            return user is not null && same ? null : "wrong user name or password";
        }

        if (token.Nonce is null || token.Created is null)
            return "a PasswordDigest needs a Nonce and a Created time";
        var nonce = new byte[MaxNonceBytes];
        if (!Convert.TryFromBase64String(token.Nonce, nonce, out var nonceLength) || nonceLength == 0)
            return "the Nonce is not Base64 of 1 to 64 bytes";
        if (!DateTimeOffset.TryParse(token.Created, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var created))
            return "the Created time is not an ISO 8601 date and time";
        var now = _time.GetUtcNow();
        if ((now - created).Duration() > ClockSkew)
            return $"the Created time is more than {ClockSkew.TotalMinutes:0} minutes from this box's clock ({now:yyyy-MM-ddTHH:mm:ssZ}); set the client's clock, or let it read GetSystemDateAndTime";

        var expected = Digest(nonce.AsSpan(0, nonceLength), token.Created, user?.Password ?? "");
        var given = new byte[20];
        var matches = Convert.TryFromBase64String(token.Password, given, out var givenLength) && givenLength == 20
            && CryptographicOperations.FixedTimeEquals(expected, given);
        if (user is null || !matches)
            return "wrong user name or password";
        return Remember(token.Nonce, now) ? null : "the Nonce was used before: a replayed request";
    }

    /// <summary>Base64(SHA-1(nonce + created + password)), the digest a client sends.</summary>
    public static string ComputeDigest(ReadOnlySpan<byte> nonce, string created, string password) =>
        Convert.ToBase64String(Digest(nonce, created, password));

    private static byte[] Digest(ReadOnlySpan<byte> nonce, string created, string password)
    {
        var createdBytes = Encoding.UTF8.GetBytes(created);
        var passwordBytes = Encoding.UTF8.GetBytes(password);
        var input = new byte[nonce.Length + createdBytes.Length + passwordBytes.Length];
        nonce.CopyTo(input);
        createdBytes.CopyTo(input, nonce.Length);
        passwordBytes.CopyTo(input, nonce.Length + createdBytes.Length);
        // SHA-1 because the Username Token Profile names it; it is a digest of a fresh nonce, not a stored hash.
#pragma warning disable CA5350
        var digest = SHA1.HashData(input);
#pragma warning restore CA5350
        CryptographicOperations.ZeroMemory(input);
        return digest;
    }

    /// <summary>False when the nonce was seen within the window; otherwise remembers it until the window has passed.</summary>
    private bool Remember(string nonce, DateTimeOffset now)
    {
        lock (_gate)
        {
            while (_seenOrder.TryPeek(out var oldest) && (oldest.Expiry <= now || _seenOrder.Count >= MaxRememberedNonces))
            {
                _seenOrder.Dequeue();
                if (_seen.TryGetValue(oldest.Nonce, out var expiry) && expiry == oldest.Expiry)
                    _seen.Remove(oldest.Nonce);
            }
            if (_seen.TryGetValue(nonce, out var seenExpiry) && seenExpiry > now)
                return false;
            // Created may lie anywhere in the window either side of now, so a nonce is kept for twice the skew.
            var until = now + ClockSkew + ClockSkew;
            _seen[nonce] = until;
            _seenOrder.Enqueue((nonce, until));
            return true;
        }
    }

    private UserCredential? Find(string name)
    {
        UserCredential? found = null;
        foreach (var user in _users)
        {
            if (found is null && string.Equals(user.Name, name, StringComparison.Ordinal))
                found = user;
        }
        return found;
    }
}
