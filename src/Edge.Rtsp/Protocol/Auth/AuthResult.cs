namespace Edge.Rtsp.Protocol.Auth;

/// <summary>The outcome of checking a request's credentials.</summary>
/// <param name="Status">Allowed, challenge or denied.</param>
/// <param name="UserName">The user the client claimed to be (allowed, or denied when it gave one); null otherwise and when authentication is off.</param>
/// <param name="WwwAuthenticate">The <c>WWW-Authenticate</c> value for the 401 response; null when allowed.</param>
/// <param name="Reason">Why it was challenged or denied, for logs; never holds a password.</param>
public readonly record struct AuthResult(AuthStatus Status, string? UserName, string? WwwAuthenticate, string? Reason)
{
    /// <summary>True when the request may be served.</summary>
    public bool IsAllowed => Status == AuthStatus.Allowed;

    /// <summary>The request may be served, on behalf of <paramref name="userName"/>.</summary>
    public static AuthResult Allowed(string? userName) => new(AuthStatus.Allowed, userName, null, null);

    /// <summary>The client must (re)authenticate: answer 401 with <paramref name="wwwAuthenticate"/>.</summary>
    public static AuthResult Challenge(string wwwAuthenticate, string reason) => new(AuthStatus.Challenge, null, wwwAuthenticate, reason);

    /// <summary>The credentials are wrong: answer 401 with <paramref name="wwwAuthenticate"/> so the client may ask its user again.</summary>
    public static AuthResult Denied(string? userName, string reason, string wwwAuthenticate) => new(AuthStatus.Denied, userName, wwwAuthenticate, reason);
}
