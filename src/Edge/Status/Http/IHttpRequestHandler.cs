using System.Net;

namespace Edge.Status.Http;

/// <summary>Answers a parsed request. Called on the connection's task; must not block.</summary>
internal interface IHttpRequestHandler
{
    /// <param name="request">The request head.</param>
    /// <param name="localAddress">The address the client reached this server on (to build URLs that work for that client).</param>
    HttpResponse Handle(HttpRequest request, IPAddress localAddress);
}
