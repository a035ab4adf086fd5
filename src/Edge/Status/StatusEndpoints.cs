using System.Net;
using System.Text;
using Edge.Status.Http;

namespace Edge.Status;

/// <summary>
/// The status server's routes: <c>/</c> (HTML page), <c>/api/status</c> (JSON) and <c>/healthz</c>
/// (200 <c>ok</c> or 503 with the reason), each for GET and HEAD.
/// </summary>
internal sealed class StatusEndpoints : IHttpRequestHandler
{
    public const string PagePath = "/";
    public const string ApiPath = "/api/status";
    public const string HealthPath = "/healthz";

    private static readonly KeyValuePair<string, string>[] AllowHeaders = [new("Allow", "GET, HEAD")];
    private static readonly KeyValuePair<string, string>[] PageHeaders = [new("Content-Security-Policy", StatusHtml.ContentSecurityPolicy)];

    private readonly StatusCollector _collector;

    public StatusEndpoints(StatusCollector collector)
    {
        _collector = collector;
    }

    public HttpResponse Handle(HttpRequest request, IPAddress localAddress)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Path is not (PagePath or ApiPath or HealthPath))
            return HttpResponse.Text(HttpStatusCodes.NotFound, $"not found; try {PagePath}, {ApiPath} or {HealthPath}");
        if (request.Method is not (HttpMethods.Get or HttpMethods.Head))
            return HttpResponse.Text(HttpStatusCodes.MethodNotAllowed, "only GET and HEAD are served here", AllowHeaders);

        var status = _collector.Collect(localAddress);
        return request.Path switch
        {
            ApiPath => new HttpResponse(HttpStatusCodes.Ok, StatusJson.ContentType, StatusJson.Write(status)),
            HealthPath => Health(status),
            _ => new HttpResponse(HttpStatusCodes.Ok, StatusHtml.ContentType, StatusHtml.Write(status), PageHeaders),
        };
    }

    /// <summary>200 "ok", or 503 and one line saying why, for uptime monitors and scripts.</summary>
    private static HttpResponse Health(StatusSnapshot status) =>
        status.Problem is { } problem
            ? new HttpResponse(HttpStatusCodes.ServiceUnavailable, HttpResponse.PlainText, Encoding.UTF8.GetBytes(problem + "\n"))
            : new HttpResponse(HttpStatusCodes.Ok, HttpResponse.PlainText, "ok\n"u8.ToArray());
}
