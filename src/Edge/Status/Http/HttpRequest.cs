namespace Edge.Status.Http;

/// <summary>A parsed request head. The server reads no body: every answer closes the connection.</summary>
/// <param name="Method">The method, case-sensitive as RFC 9110 says (<c>GET</c>, <c>HEAD</c>, anything else).</param>
/// <param name="Path">The path of the target, without its query (<c>/api/status</c>); <c>*</c> for the asterisk form.</param>
/// <param name="Query">What followed <c>?</c>, without it; empty when none.</param>
/// <param name="MinorVersion">0 for HTTP/1.0, 1 for HTTP/1.1 (and any later 1.x, as RFC 9110 2.5 says to treat them).</param>
internal sealed record HttpRequest(string Method, string Path, string Query, int MinorVersion)
{
    public bool IsHead => Method == HttpMethods.Head;
}
