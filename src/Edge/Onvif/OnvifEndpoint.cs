using Edge.Config;
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

    private readonly Func<EdgeConfig> _config;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly LogThrottle _refusalLog;
    private OnvifDevice? _device;

    /// <param name="config">The running config, read on every call: a reload that adds or changes a
    /// camera changes the profiles at once, without restarting the web server.</param>
    public OnvifEndpoint(Func<EdgeConfig> config, TimeProvider time, ILogger log)
    {
        _config = config;
        _time = time;
        _log = log;
        _refusalLog = new LogThrottle(RefusalLogInterval, time);
    }

    /// <summary>The device for the running config; made again when a reload replaced the config.</summary>
    private OnvifDevice Device
    {
        get
        {
            var config = _config();
            var device = Volatile.Read(ref _device);
            if (device is null || !ReferenceEquals(device.Config, config))
            {
                // Two requests racing here each make one; either is right, and the next call settles.
                device = new OnvifDevice(config, _time);
                Volatile.Write(ref _device, device);
            }
            return device;
        }
    }

    /// <summary>True for a path this endpoint serves (the login gate leaves them to it).</summary>
    public static bool Serves(PathString path) =>
        path.Equals(OnvifRequestContext.DevicePath, StringComparison.Ordinal) || path.Equals(OnvifRequestContext.MediaPath, StringComparison.Ordinal);

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost(OnvifRequestContext.DevicePath, context => HandleAsync(context, static server => server.Device));
        routes.MapPost(OnvifRequestContext.MediaPath, context => HandleAsync(context, static server => server.Media));
    }

    private async Task HandleAsync(HttpContext context, Func<OnvifServer, IOnvifService> serviceOf)
    {
        var device = Device;
        var service = serviceOf(device.Server);
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
                new OnvifRequestContext(LocalInterfaces.UrlHost(local.IsIPv4MappedToIPv6 ? local.MapToIPv4() : local), context.Connection.LocalPort, device.HttpScheme));
            var response = device.Server.Handle(service, request);
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
