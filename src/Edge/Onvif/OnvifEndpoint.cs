using System.Buffers;
using System.Net;
using Edge.Media.Diagnostics;
using Edge.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Edge.Onvif;

/// <summary>
/// The ONVIF services on the web server: <c>POST /onvif/device_service</c> and
/// <c>POST /onvif/media_service</c>. The web page's login gate lets these paths through, because
/// ONVIF leaves some calls open and takes its credentials in the envelope too;
/// <see cref="OnvifServer"/> decides per call.
/// </summary>
internal sealed class OnvifEndpoint
{
    private static readonly TimeSpan RefusalLogInterval = TimeSpan.FromMinutes(1);

    private readonly OnvifDevice _device;
    private readonly ILogger _log;
    private readonly LogThrottle _refusalLog;

    public OnvifEndpoint(OnvifDevice device, TimeProvider time, ILogger log)
    {
        _device = device;
        _log = log;
        _refusalLog = new LogThrottle(RefusalLogInterval, time);
    }

    /// <summary>True for a path this endpoint serves (the login gate leaves them to it).</summary>
    public static bool Serves(PathString path) =>
        path.Equals(OnvifRequestContext.DevicePath, StringComparison.Ordinal) || path.Equals(OnvifRequestContext.MediaPath, StringComparison.Ordinal);

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost(OnvifRequestContext.DevicePath, context => HandleAsync(context, _device.Server.Device));
        routes.MapPost(OnvifRequestContext.MediaPath, context => HandleAsync(context, _device.Server.Media));
    }

    private async Task HandleAsync(HttpContext context, IOnvifService service)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Soap.SoapLimits.MaxBodyBytes + 1);
        try
        {
            var (length, tooLarge) = await ReadBodyAsync(context, buffer).ConfigureAwait(false);
            var local = context.Connection.LocalIpAddress ?? IPAddress.Loopback;
            var request = new OnvifHttpRequest(
                context.Request.Method,
                context.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw ? raw : context.Request.Path.Value ?? "",
                context.Request.Headers.Authorization.Count == 1 ? context.Request.Headers.Authorization[0] : null,
                buffer.AsMemory(0, length),
                tooLarge,
                new OnvifRequestContext(LocalInterfaces.UrlHost(local.IsIPv4MappedToIPv6 ? local.MapToIPv4() : local), context.Connection.LocalPort, _device.HttpScheme));
            var response = _device.Server.Handle(service, request);
            Report(context, response);
            foreach (var challenge in response.Challenges)
                context.Response.Headers.Append("WWW-Authenticate", challenge);
            await BufferedResponse.WriteAsync(context, response.StatusCode, response.ContentType, response.Body).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads at most the limit; a longer body (or one Kestrel's own limit cut off) is reported as too large, unread.</summary>
    private static async Task<(int Length, bool TooLarge)> ReadBodyAsync(HttpContext context, byte[] buffer)
    {
        if (context.Request.ContentLength > Soap.SoapLimits.MaxBodyBytes)
            return (0, true);
        var length = 0;
        try
        {
            while (length < buffer.Length)
            {
                var read = await context.Request.Body.ReadAsync(buffer.AsMemory(length), context.RequestAborted).ConfigureAwait(false);
                if (read == 0)
                    break;
                length += read;
            }
        }
        catch (BadHttpRequestException)
        {
            return (0, true);
        }
        return length > Soap.SoapLimits.MaxBodyBytes ? (0, true) : (length, false);
    }

    private void Report(HttpContext context, OnvifHttpResponse response)
    {
        var address = context.Connection.RemoteIpAddress;
        var client = (address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address)?.ToString() ?? "unknown";
        var operation = response.Operation ?? "(unreadable request)";
        OnvifLog.Answered(_log, operation, client, response.StatusCode);
        // A client without credentials is told to log in (401): that is the protocol, not a failure.
        if (response.Refusal is { } reason && response.UserName is not null && _refusalLog.ShouldLog(client))
            OnvifLog.Refused(_log, client, operation, reason, response.UserName);
    }
}
