using System.Net;
using Edge.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Edge.Status;

/// <summary>
/// The status routes: <c>/</c> (HTML page), <c>/api/status</c> (JSON) and <c>/healthz</c>
/// (200 <c>ok</c> or 503 with the reason), each for GET and HEAD; other methods are answered 405
/// with <c>Allow</c> by the router. <c>/favicon.ico</c>, which every browser asks for by itself,
/// is answered 204 No Content rather than 404, which browsers log as an error on every page.
/// </summary>
internal sealed class StatusEndpoints
{
    public const string PagePath = "/";
    public const string ApiPath = "/api/status";
    public const string HealthPath = "/healthz";
    public const string FaviconPath = "/favicon.ico";

    private static readonly string[] GetAndHead = [HttpMethods.Get, HttpMethods.Head];

    private readonly StatusCollector _collector;

    public StatusEndpoints(StatusCollector collector)
    {
        _collector = collector;
    }

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapMethods(PagePath, GetAndHead, PageAsync);
        routes.MapMethods(ApiPath, GetAndHead, ApiAsync);
        routes.MapMethods(HealthPath, GetAndHead, HealthAsync);
        routes.MapMethods(FaviconPath, GetAndHead, NoIconAsync);
    }

    /// <summary>No icon, and a browser need not ask again for a day.</summary>
    private static Task NoIconAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        context.Response.Headers.CacheControl = "max-age=86400";
        return Task.CompletedTask;
    }

    private Task PageAsync(HttpContext context)
    {
        context.Response.Headers.ContentSecurityPolicy = StatusHtml.ContentSecurityPolicy;
        return BufferedResponse.WriteAsync(context, StatusCodes.Status200OK, StatusHtml.ContentType, StatusHtml.Write(Collect(context)));
    }

    private Task ApiAsync(HttpContext context) =>
        BufferedResponse.WriteAsync(context, StatusCodes.Status200OK, StatusJson.ContentType, StatusJson.Write(Collect(context)));

    /// <summary>
    /// 200 "ok", or 503 and one line saying why, for uptime monitors and scripts; to a client that
    /// has not logged in where a login is needed, only "not ok": the reason may name cameras and devices.
    /// </summary>
    private Task HealthAsync(HttpContext context) =>
        Collect(context).Problem is { } problem
            ? BufferedResponse.TextAsync(context, StatusCodes.Status503ServiceUnavailable, WebAccess.MayShowDetail(context) ? problem : "not ok")
            : BufferedResponse.TextAsync(context, StatusCodes.Status200OK, "ok");

    /// <summary>The status, with RTSP and snapshot URLs on the address the client reached this box on.</summary>
    private StatusSnapshot Collect(HttpContext context)
    {
        var local = context.Connection.LocalIpAddress ?? IPAddress.Loopback;
        var port = context.Connection.LocalPort;
        return _collector.Collect(local.IsIPv4MappedToIPv6 ? local.MapToIPv4() : local, port > 0 ? port : null);
    }
}
