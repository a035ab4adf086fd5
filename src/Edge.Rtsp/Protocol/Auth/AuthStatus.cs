namespace Edge.Rtsp.Protocol.Auth;

/// <summary>What <see cref="RtspAuthenticator.Check"/> decided.</summary>
public enum AuthStatus
{
    /// <summary>Serve the request.</summary>
    Allowed,

    /// <summary>Answer 401 with the challenge: the client sent no credentials, or its nonce went stale. Not a failure.</summary>
    Challenge,

    /// <summary>Answer 401 with the challenge (or 403): the credentials are wrong. Worth a (rate-limited) log line.</summary>
    Denied,
}
