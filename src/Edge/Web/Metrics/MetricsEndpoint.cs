using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Edge.Web.Metrics;

/// <summary><c>GET /metrics</c>: edge's instruments in the Prometheus text format, for Prometheus, VictoriaMetrics or Home Assistant.</summary>
internal sealed class MetricsEndpoint : IDisposable
{
    public const string Path = "/metrics";

    private static readonly string[] GetAndHead = [HttpMethods.Get, HttpMethods.Head];

    private readonly PrometheusTextWriter _writer;

    public MetricsEndpoint(EdgeMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _writer = new PrometheusTextWriter(metrics.Meter);
    }

    public void Map(IEndpointRouteBuilder routes) => routes.MapMethods(Path, GetAndHead, WriteAsync);

    public void Dispose() => _writer.Dispose();

    private Task WriteAsync(HttpContext context) =>
        BufferedResponse.WriteAsync(context, StatusCodes.Status200OK, PrometheusTextWriter.ContentType, _writer.Write());
}
