using System.Security.Cryptography;
using System.Text;

namespace Edge.Auth;

/// <summary>
/// Checks the <c>Authorization</c> header of a request (HTTP or RTSP, which share the scheme of
/// RFC 7235): HTTP Basic (RFC 7617) and Digest (RFC 7616, MD5 and SHA-256), against a fixed list
/// of users. Stateless and thread-safe: one instance serves every connection.
/// </summary>
/// <remarks>
/// <para>
/// A 401 carries one challenge per scheme and Digest algorithm offered, strongest first, so each
/// client picks the best it speaks. Digest challenges offer <c>qop="auth"</c>; responses are
/// accepted with it and without it (RFC 2069 style, which live555-based RTSP clients send
/// whatever is offered). Nonces carry their own time of issue and an HMAC (see
/// <see cref="NonceLifetime"/>); a correct response with an expired nonce, or one from before a
/// restart, is answered with fresh challenges marked <c>stale=true</c>, which clients follow
/// without asking their user again.
/// </para>
/// <para>
/// Wrong credentials get the same answer and take the same work whether the user exists or not,
/// so neither the response nor its timing says who has an account.
/// </para>
/// </remarks>
public sealed class HttpAuthenticator
{
    /// <summary>Default time a Digest nonce stays valid.</summary>
    public static readonly TimeSpan DefaultNonceLifetime = TimeSpan.FromMinutes(5);

    private const string BasicScheme = "Basic";
    private const string DigestScheme = "Digest";
    private const int MaxCredentialsLength = 4096;

    private readonly AuthSchemes _schemes;
    private readonly DigestAlgorithm[] _algorithms;
    private readonly UserCredential[] _users;
    private readonly byte[][] _nameHashes;
    private readonly byte[][] _passwordHashes;
    private readonly string _realm;
    private readonly string _quotedRealm;
    private readonly DigestNonce _nonces;
    private readonly Func<string, string, bool> _sameResource;

    /// <summary>Creates an authenticator.</summary>
    /// <param name="schemes">The schemes offered and accepted; <see cref="AuthSchemes.None"/> lets everyone in.</param>
    /// <param name="digestAlgorithms">The Digest hashes offered, preferred first (at least one when Digest is on).</param>
    /// <param name="users">The users allowed in.</param>
    /// <param name="realm">The realm named in challenges (and, for Digest, part of the hash).</param>
    /// <param name="time">The clock nonces are stamped with.</param>
    /// <param name="nonceLifetime">How long a Digest nonce stays valid; null for <see cref="DefaultNonceLifetime"/>.</param>
    /// <param name="sameResource">
    /// Whether the <c>uri</c> a Digest client signed (first argument) names the resource of the
    /// request line (second); null for exact equality. RTSP clients differ on which URL they sign.
    /// </param>
    public HttpAuthenticator(
        AuthSchemes schemes,
        IReadOnlyList<DigestAlgorithm> digestAlgorithms,
        IReadOnlyList<UserCredential> users,
        string realm,
        TimeProvider time,
        TimeSpan? nonceLifetime = null,
        Func<string, string, bool>? sameResource = null)
    {
        ArgumentNullException.ThrowIfNull(digestAlgorithms);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(realm);
        ArgumentNullException.ThrowIfNull(time);
        var lifetime = nonceLifetime ?? DefaultNonceLifetime;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        if (realm.AsSpan().IndexOfAnyInRange('\0', '\u001F') >= 0)
            throw new ArgumentException("The realm cannot hold control characters.", nameof(realm));
        if (schemes.HasFlag(AuthSchemes.Digest) && digestAlgorithms.Count == 0)
            throw new ArgumentException("Digest needs at least one algorithm to offer.", nameof(digestAlgorithms));

        _schemes = schemes;
        _algorithms = [.. digestAlgorithms.Distinct()];
        _users = [.. users];
        _nameHashes = [.. _users.Select(u => Hash(u.Name))];
        _passwordHashes = [.. _users.Select(u => Hash(u.Password))];
        _realm = realm;
        _quotedRealm = Quote(realm);
        NonceLifetime = lifetime;
        _nonces = new DigestNonce(time, lifetime);
        _sameResource = sameResource ?? ((signed, requested) => string.Equals(signed, requested, StringComparison.Ordinal));
    }

    /// <summary>How long a Digest nonce stays valid before a client is asked to renew it.</summary>
    public TimeSpan NonceLifetime { get; }

    /// <summary>The schemes offered and accepted.</summary>
    public AuthSchemes Schemes => _schemes;

    /// <summary>
    /// Checks <paramref name="authorization"/>, the request's <c>Authorization</c> header (null when
    /// absent), for a request of <paramref name="method"/> on <paramref name="requestUri"/> (the
    /// request line's target, as sent). Never throws on what a client sent.
    /// </summary>
    public AuthResult Check(string method, string requestUri, string? authorization)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(requestUri);
        if (_schemes == AuthSchemes.None)
            return AuthResult.Allowed(null);

        if (authorization is null)
            return AuthResult.Challenge(CreateChallenges(stale: false), "no credentials");
        if (authorization.Length > MaxCredentialsLength)
            return Deny(null, "malformed credentials");

        var text = authorization.AsSpan().Trim();
        var space = text.IndexOfAny(' ', '\t');
        var scheme = space < 0 ? text : text[..space];
        var credentials = space < 0 ? default : text[(space + 1)..].Trim();

        if (_schemes.HasFlag(AuthSchemes.Basic) && scheme.Equals(BasicScheme, StringComparison.OrdinalIgnoreCase))
            return CheckBasic(credentials);
        if (_schemes.HasFlag(AuthSchemes.Digest) && scheme.Equals(DigestScheme, StringComparison.OrdinalIgnoreCase))
            return CheckDigest(method, requestUri, credentials);
        return AuthResult.Challenge(CreateChallenges(stale: false), "wrong authentication scheme");
    }

    /// <summary>
    /// The <c>WWW-Authenticate</c> values for the schemes offered, one each, strongest first:
    /// Digest with each algorithm (one fresh nonce shared by them), then Basic.
    /// </summary>
    /// <exception cref="InvalidOperationException">Authentication is off.</exception>
    public IReadOnlyList<string> CreateChallenges(bool stale = false)
    {
        if (_schemes == AuthSchemes.None)
            throw new InvalidOperationException("Authentication is off: there is nothing to challenge.");

        var challenges = new List<string>(_algorithms.Length + 1);
        if (_schemes.HasFlag(AuthSchemes.Digest))
        {
            var nonce = _nonces.Create();
            foreach (var algorithm in _algorithms)
                challenges.Add($"{DigestScheme} realm={_quotedRealm}, nonce=\"{nonce}\", algorithm={DigestCalculator.NameOf(algorithm)}, qop=\"auth\"{(stale ? ", stale=true" : "")}");
        }
        if (_schemes.HasFlag(AuthSchemes.Basic))
            challenges.Add($"{BasicScheme} realm={_quotedRealm}");
        return challenges;
    }

    private AuthResult CheckBasic(ReadOnlySpan<char> credentials)
    {
        var decoded = new byte[(credentials.Length * 3 / 4) + 3];
        if (credentials.IsEmpty || !Convert.TryFromBase64Chars(credentials, decoded, out var length))
            return Deny(null, "malformed credentials");

        var text = decoded.AsSpan(0, length);
        var colon = text.IndexOf((byte)':');
        if (colon < 0)
        {
            CryptographicOperations.ZeroMemory(decoded);
            return Deny(null, "malformed credentials");
        }

        var nameBytes = text[..colon];
        var userName = Encoding.UTF8.GetString(nameBytes);
        var nameHash = SHA256.HashData(nameBytes);
        var passwordHash = SHA256.HashData(text[(colon + 1)..]);
        CryptographicOperations.ZeroMemory(decoded);

        // Compare with every user, all the way, so the time taken says nothing about who exists.
        var allowed = false;
        for (var i = 0; i < _users.Length; i++)
        {
            var nameMatches = CryptographicOperations.FixedTimeEquals(nameHash, _nameHashes[i]);
            var passwordMatches = CryptographicOperations.FixedTimeEquals(passwordHash, _passwordHashes[i]);
            allowed |= nameMatches & passwordMatches;
        }

        return allowed ? AuthResult.Allowed(userName) : Deny(userName, "wrong user name or password");
    }

    private AuthResult CheckDigest(string method, string requestUri, ReadOnlySpan<char> credentials)
    {
        if (!AuthParameters.TryParse(credentials, out var parameters))
            return Deny(null, "malformed credentials");

        parameters.TryGetValue("username", out var userName);
        if (userName is null
            || !parameters.TryGetValue("realm", out var realm)
            || !parameters.TryGetValue("nonce", out var nonce)
            || !parameters.TryGetValue("uri", out var uri)
            || !parameters.TryGetValue("response", out var response))
            return Deny(userName, "incomplete credentials");

        if (realm != _realm)
            return Deny(userName, "wrong realm");
        parameters.TryGetValue("algorithm", out var algorithmName);
        if (!DigestCalculator.TryParse(algorithmName, out var algorithm) || Array.IndexOf(_algorithms, algorithm) < 0)
            return Deny(userName, "unsupported algorithm");

        parameters.TryGetValue("qop", out var qop);
        parameters.TryGetValue("nc", out var nonceCount);
        parameters.TryGetValue("cnonce", out var clientNonce);
        if (qop is not null && (!qop.Equals("auth", StringComparison.OrdinalIgnoreCase) || nonceCount is null || clientNonce is null))
            return Deny(userName, "unsupported qop");

        if (!_sameResource(uri, requestUri))
            return Deny(userName, "uri does not match the request");

        var user = FindUser(userName);
        var expected = DigestCalculator.ComputeResponse(
            algorithm, userName, _realm, user?.Password ?? "", method, uri, nonce, qop, nonceCount, clientNonce);
        var matches = CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(response.ToLowerInvariant()));
        if (user is null || !matches)
            return Deny(userName, "wrong user name or password");

        return _nonces.Validate(nonce) switch
        {
            NonceState.Valid => AuthResult.Allowed(userName),
            NonceState.Expired => AuthResult.Challenge(CreateChallenges(stale: true), "stale nonce"),
            _ => AuthResult.Challenge(CreateChallenges(stale: true), "nonce not issued by this server"),
        };
    }

    private UserCredential? FindUser(string userName)
    {
        UserCredential? found = null;
        foreach (var user in _users)
        {
            if (found is null && string.Equals(user.Name, userName, StringComparison.Ordinal))
                found = user;
        }

        return found;
    }

    private AuthResult Deny(string? userName, string reason) =>
        AuthResult.Denied(userName, reason, CreateChallenges(stale: false));

    private static byte[] Hash(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));

    private static string Quote(string text) =>
        $"\"{text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
}
