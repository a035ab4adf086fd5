namespace Edge.Auth;

/// <summary>The schemes an <see cref="HttpAuthenticator"/> offers and accepts.</summary>
[Flags]
public enum AuthSchemes
{
    /// <summary>No authentication: everyone is let in.</summary>
    None = 0,

    /// <summary>HTTP Basic (RFC 7617): the password crosses the network in base64.</summary>
    Basic = 1,

    /// <summary>HTTP Digest (RFC 7616): only a hash of the password crosses the network.</summary>
    Digest = 2,
}
