using Edge.Auth;
using Edge.Rtsp.Protocol.Messages;

namespace Edge.Rtsp.Protocol.Auth;

/// <summary>
/// Checks the credentials of RTSP requests: Basic or Digest with MD5, whichever the server is set
/// to, through the shared <see cref="HttpAuthenticator"/>. Stateless and thread-safe: one instance
/// serves every connection.
/// </summary>
/// <remarks>
/// Only MD5 is offered: live555-based clients (VLC, many NVRs), GStreamer and ffmpeg speak no
/// other Digest hash over RTSP. The digest is computed over the <c>uri</c> the client put in its
/// credentials, as sent; that URI must name the same stream as the request line, in absolute or
/// relative form, with or without the track (clients differ on which URL they sign).
/// </remarks>
public sealed class RtspAuthenticator
{
    /// <summary>Default time a Digest nonce stays valid.</summary>
    public static readonly TimeSpan DefaultNonceLifetime = HttpAuthenticator.DefaultNonceLifetime;

    private readonly HttpAuthenticator _authenticator;

    /// <summary>Creates an authenticator.</summary>
    /// <param name="mode">None, Basic or Digest.</param>
    /// <param name="users">The users allowed in.</param>
    /// <param name="realm">The realm named in challenges (and, for Digest, part of the hash).</param>
    /// <param name="time">The clock nonces are stamped with.</param>
    public RtspAuthenticator(RtspAuthScheme mode, IReadOnlyList<UserCredential> users, string realm, TimeProvider time)
        : this(mode, users, realm, time, DefaultNonceLifetime)
    {
    }

    /// <summary>Creates an authenticator whose Digest nonces stay valid for <paramref name="nonceLifetime"/>.</summary>
    public RtspAuthenticator(RtspAuthScheme mode, IReadOnlyList<UserCredential> users, string realm, TimeProvider time, TimeSpan nonceLifetime)
    {
        Mode = mode;
        var schemes = mode switch
        {
            RtspAuthScheme.Basic => AuthSchemes.Basic,
            RtspAuthScheme.Digest => AuthSchemes.Digest,
            _ => AuthSchemes.None,
        };
        _authenticator = new HttpAuthenticator(schemes, [DigestAlgorithm.Md5], users, realm, time, nonceLifetime, SameResource);
    }

    /// <summary>How long a Digest nonce stays valid before a client is asked to renew it.</summary>
    public TimeSpan NonceLifetime => _authenticator.NonceLifetime;

    /// <summary>The authentication mode.</summary>
    public RtspAuthScheme Mode { get; }

    /// <summary>Checks the <c>Authorization</c> header of <paramref name="request"/>. Never throws on what a client sent.</summary>
    public AuthResult Check(RtspRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _authenticator.Check(request.MethodText, request.Uri, request.GetHeader(RtspHeaderNames.Authorization));
    }

    /// <summary>A <c>WWW-Authenticate</c> value for the configured mode (a fresh nonce for Digest).</summary>
    /// <exception cref="InvalidOperationException">Authentication is off.</exception>
    public string CreateChallenge(bool stale = false) => _authenticator.CreateChallenges(stale)[0];

    /// <summary>
    /// True when the digest's URI and the request URI name the same stream: equal as sent, or
    /// differing only in absolute or relative form or in the track suffix.
    /// </summary>
    private static bool SameResource(string digestUri, string requestUri) =>
        string.Equals(digestUri, requestUri, StringComparison.Ordinal)
        || (RtspUri.TryGetStreamPath(digestUri, out var digestStream, out _)
            && RtspUri.TryGetStreamPath(requestUri, out var requestStream, out _)
            && string.Equals(digestStream, requestStream, StringComparison.Ordinal));
}
