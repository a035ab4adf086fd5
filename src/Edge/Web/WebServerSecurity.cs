using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http;

namespace Edge.Web;

/// <summary>What guards a <see cref="WebServer"/>: the certificate it serves HTTPS with, and the gate every request passes first.</summary>
/// <param name="Certificate">The certificate with its private key, or null for plain HTTP.</param>
/// <param name="Gate">Middleware run before routing picks a route (the login check), or null to let everything through.</param>
internal sealed record WebServerSecurity(X509Certificate2? Certificate, Func<HttpContext, RequestDelegate, Task>? Gate)
{
    /// <summary>Plain HTTP, no login.</summary>
    public static WebServerSecurity None { get; } = new(null, null);

    /// <summary>"https" or "http".</summary>
    public string Scheme => Certificate is null ? "http" : "https";
}
