namespace Edge.Auth;

/// <summary>The outcome of checking a request's credentials.</summary>
/// <param name="Status">Allowed, challenge or denied.</param>
/// <param name="UserName">The user the client claimed to be (allowed, or denied when it gave one); null otherwise and when authentication is off.</param>
/// <param name="Challenges">The <c>WWW-Authenticate</c> values for the 401 response, one header each, preferred first; empty when allowed.</param>
/// <param name="Reason">Why it was challenged or denied, for logs; never holds a password.</param>
public readonly record struct AuthResult(AuthStatus Status, string? UserName, IReadOnlyList<string> Challenges, string? Reason)
{
    /// <summary>True when the request may be served.</summary>
    public bool IsAllowed => Status == AuthStatus.Allowed;

    /// <summary>The request may be served, on behalf of <paramref name="userName"/>.</summary>
    public static AuthResult Allowed(string? userName) => new(AuthStatus.Allowed, userName, [], null);

    /// <summary>The client must (re)authenticate: answer 401 with <paramref name="challenges"/>.</summary>
    public static AuthResult Challenge(IReadOnlyList<string> challenges, string reason) => new(AuthStatus.Challenge, null, challenges, reason);

    /// <summary>The credentials are wrong: answer 401 with <paramref name="challenges"/> so the client may ask its user again.</summary>
    public static AuthResult Denied(string? userName, string reason, IReadOnlyList<string> challenges) => new(AuthStatus.Denied, userName, challenges, reason);
}
