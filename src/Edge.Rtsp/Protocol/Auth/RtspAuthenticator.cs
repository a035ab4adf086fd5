using System.Security.Cryptography;
using System.Text;
using Edge.Rtsp.Protocol.Messages;

namespace Edge.Rtsp.Protocol.Auth;

/// <summary>
/// Checks the credentials of RTSP requests: HTTP Basic (RFC 7617) or Digest with MD5 (RFC 2617,
/// RFC 7616), against the users the server was given. Stateless and thread-safe: one instance serves every
/// connection.
/// </summary>
/// <remarks>
/// <para>
/// Digest challenges offer <c>qop="auth"</c>; responses are accepted with it (ffmpeg) and without
/// it (RFC 2069 style, which live555-based clients such as VLC and GStreamer send whatever is offered).
/// Nonces carry their own time of issue and an HMAC (see <see cref="NonceLifetime"/>); a correct
/// response with an expired nonce, or one from before a restart, is answered with a fresh
/// challenge marked <c>stale=true</c>, which clients follow without asking their user again.
/// </para>
/// <para>
/// The digest is computed over the <c>uri</c> the client put in its credentials, as sent; that URI
/// must name the same stream as the request line, in absolute or relative form, with or without the
/// track (clients differ on which URL they sign).
/// </para>
/// </remarks>
public sealed class RtspAuthenticator
{
    /// <summary>Default time a Digest nonce stays valid.</summary>
    public static readonly TimeSpan DefaultNonceLifetime = TimeSpan.FromMinutes(5);

    private const string BasicScheme = "Basic";
    private const string DigestScheme = "Digest";
    private const int MaxCredentialsLength = 4096;

    private readonly RtspAuthScheme _mode;
    private readonly RtspCredential[] _users;
    private readonly byte[][] _nameHashes;
    private readonly byte[][] _passwordHashes;
    private readonly string _realm;
    private readonly string _quotedRealm;
    private readonly DigestNonce _nonces;

    /// <summary>Creates an authenticator.</summary>
    /// <param name="mode">None, Basic or Digest.</param>
    /// <param name="users">The users allowed in.</param>
    /// <param name="realm">The realm named in challenges (and, for Digest, part of the hash).</param>
    /// <param name="time">The clock nonces are stamped with.</param>
    public RtspAuthenticator(RtspAuthScheme mode, IReadOnlyList<RtspCredential> users, string realm, TimeProvider time)
        : this(mode, users, realm, time, DefaultNonceLifetime)
    {
    }

    /// <summary>Creates an authenticator whose Digest nonces stay valid for <paramref name="nonceLifetime"/>.</summary>
    public RtspAuthenticator(RtspAuthScheme mode, IReadOnlyList<RtspCredential> users, string realm, TimeProvider time, TimeSpan nonceLifetime)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(realm);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(nonceLifetime, TimeSpan.Zero);
        if (realm.AsSpan().IndexOfAnyInRange('\0', '\u001F') >= 0)
            throw new ArgumentException("The realm cannot hold control characters.", nameof(realm));

        _mode = mode;
        _users = [.. users];
        _nameHashes = [.. _users.Select(u => Hash(u.Name))];
        _passwordHashes = [.. _users.Select(u => Hash(u.Password))];
        _realm = realm;
        _quotedRealm = Quote(realm);
        NonceLifetime = nonceLifetime;
        _nonces = new DigestNonce(time, nonceLifetime);
    }

    /// <summary>How long a Digest nonce stays valid before a client is asked to renew it.</summary>
    public TimeSpan NonceLifetime { get; }

    /// <summary>The authentication mode.</summary>
    public RtspAuthScheme Mode => _mode;

    /// <summary>Checks the <c>Authorization</c> header of <paramref name="request"/>. Never throws on what a client sent.</summary>
    public AuthResult Check(RtspRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_mode == RtspAuthScheme.None)
            return AuthResult.Allowed(null);

        var authorization = request.GetHeader(RtspHeaderNames.Authorization);
        if (authorization is null)
            return AuthResult.Challenge(CreateChallenge(stale: false), "no credentials");
        if (authorization.Length > MaxCredentialsLength)
            return Deny(null, "malformed credentials");

        var text = authorization.AsSpan().Trim();
        var space = text.IndexOfAny(' ', '\t');
        var scheme = space < 0 ? text : text[..space];
        var credentials = space < 0 ? default : text[(space + 1)..].Trim();

        return _mode switch
        {
            RtspAuthScheme.Basic when scheme.Equals(BasicScheme, StringComparison.OrdinalIgnoreCase) => CheckBasic(credentials),
            RtspAuthScheme.Digest when scheme.Equals(DigestScheme, StringComparison.OrdinalIgnoreCase) => CheckDigest(request, credentials),
            _ => AuthResult.Challenge(CreateChallenge(stale: false), "wrong authentication scheme"),
        };
    }

    /// <summary>A <c>WWW-Authenticate</c> value for the configured mode (a fresh nonce for Digest).</summary>
    /// <exception cref="InvalidOperationException">Authentication is off.</exception>
    public string CreateChallenge(bool stale = false) => _mode switch
    {
        RtspAuthScheme.Basic => $"{BasicScheme} realm={_quotedRealm}",
        RtspAuthScheme.Digest => $"{DigestScheme} realm={_quotedRealm}, nonce=\"{_nonces.Create()}\", algorithm=MD5, qop=\"auth\"{(stale ? ", stale=true" : "")}",
        _ => throw new InvalidOperationException("Authentication is off: there is nothing to challenge."),
    };

    private AuthResult CheckBasic(ReadOnlySpan<char> credentials)
    {
        var decoded = new byte[(credentials.Length * 3 / 4) + 3];
        if (credentials.IsEmpty || !Convert.TryFromBase64Chars(credentials, decoded, out var length))
            return Deny(null, "malformed credentials");

        var text = decoded.AsSpan(0, length);
        var colon = text.IndexOf((byte)':');
        if (colon < 0)
            return Deny(null, "malformed credentials");

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

    private AuthResult CheckDigest(RtspRequest request, ReadOnlySpan<char> credentials)
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
        if (parameters.TryGetValue("algorithm", out var algorithm) && !algorithm.Equals("MD5", StringComparison.OrdinalIgnoreCase))
            return Deny(userName, "unsupported algorithm");

        parameters.TryGetValue("qop", out var qop);
        parameters.TryGetValue("nc", out var nonceCount);
        parameters.TryGetValue("cnonce", out var clientNonce);
        if (qop is not null && (!qop.Equals("auth", StringComparison.OrdinalIgnoreCase) || nonceCount is null || clientNonce is null))
            return Deny(userName, "unsupported qop");

        if (!SameResource(uri, request.Uri))
            return Deny(userName, "uri does not match the request");

        var user = FindUser(userName);
        var expected = DigestCalculator.ComputeResponse(
            userName, _realm, user?.Password ?? "", request.MethodText, uri, nonce, qop, nonceCount, clientNonce);
        var matches = CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(response.ToLowerInvariant()));
        if (user is null || !matches)
            return Deny(userName, "wrong user name or password");

        return _nonces.Validate(nonce) switch
        {
            NonceState.Valid => AuthResult.Allowed(userName),
            NonceState.Expired => AuthResult.Challenge(CreateChallenge(stale: true), "stale nonce"),
            _ => AuthResult.Challenge(CreateChallenge(stale: true), "nonce not issued by this server"),
        };
    }

    private RtspCredential? FindUser(string userName)
    {
        RtspCredential? found = null;
        foreach (var user in _users)
        {
            if (found is null && string.Equals(user.Name, userName, StringComparison.Ordinal))
                found = user;
        }

        return found;
    }

    /// <summary>
    /// True when the digest's URI and the request URI name the same stream: equal as sent, or
    /// differing only in absolute or relative form or in the track suffix.
    /// </summary>
    private static bool SameResource(string digestUri, string requestUri) =>
        string.Equals(digestUri, requestUri, StringComparison.Ordinal)
        || (RtspUri.TryGetStreamPath(digestUri, out var digestStream, out _)
            && RtspUri.TryGetStreamPath(requestUri, out var requestStream, out _)
            && string.Equals(digestStream, requestStream, StringComparison.Ordinal));

    private AuthResult Deny(string? userName, string reason) =>
        AuthResult.Denied(userName, reason, CreateChallenge(stale: false));

    private static byte[] Hash(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));

    private static string Quote(string text) =>
        $"\"{text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
}
