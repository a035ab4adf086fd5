namespace Edge.Auth;

/// <summary>What <see cref="HttpAuthenticator.Check"/> decided.</summary>
public enum AuthStatus
{
    /// <summary>Serve the request.</summary>
    Allowed,

    /// <summary>Answer 401 with the challenges: the client sent no credentials, or its nonce went stale. Not a failure.</summary>
    Challenge,

    /// <summary>Answer 401 with the challenges: the credentials are wrong. Worth a (rate-limited) log line.</summary>
    Denied,
}
