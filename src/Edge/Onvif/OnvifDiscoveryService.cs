using Edge.Config;
using System.Net;
using Edge.Onvif.Discovery;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Onvif;

/// <summary>
/// Runs WS-Discovery for the life of the host when <c>[onvif] discovery</c> is on. Discovery is a
/// convenience: if UDP 3702 cannot be bound that is one warning, and the cameras stream on.
/// </summary>
internal sealed class OnvifDiscoveryService : IHostedService, IAsyncDisposable
{
    private readonly OnvifDevice _device;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private WsDiscoveryResponder? _responder;

    /// <param name="config">The config it runs with; a reload that changes what discovery announces
    /// builds a new one (Bye, then Hello with the new scopes and address).</param>
    public OnvifDiscoveryService(EdgeConfig config, TimeProvider time, ILoggerFactory loggers)
    {
        // The same identity as the web server's device: both derive it from the machine id and the device name.
        _device = new OnvifDevice(config, time);
        _time = time;
        _log = loggers.CreateLogger("Edge.Onvif.Discovery");
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var config = _device.Config;
        if (!config.Onvif.Enabled || !config.Onvif.Discovery)
        {
            OnvifLog.DiscoveryOff(_log, !config.Onvif.Enabled ? "ONVIF is off" : "[onvif] discovery is off; it is on by default only when rtsp.listen and http.listen are both beyond loopback");
            return;
        }
        var messages = new WsDiscoveryMessages(_device.Identity.EndpointUuid, _device.Options.Scopes, _time.GetUtcNow().ToUnixTimeSeconds());
        var http = config.Http.Listen;
        var httpAddress = http.ToIPAddress();
        var wildcard = IPAddress.Any.Equals(httpAddress) || IPAddress.IPv6Any.Equals(httpAddress);
        // The device service at the address the prober can reach: the interface the probe came in
        // on, unless the web server listens on one address only.
        string XAddrs(IPAddress local) =>
            $"{_device.HttpScheme}://{LocalInterfaces.UrlHost(wildcard ? local : httpAddress)}:{http.Port}{OnvifRequestContext.DevicePath}";
        var responder = new WsDiscoveryResponder(messages, _device.Options.Scopes, XAddrs, LocalInterfaces.ForDiscovery, _log, time: _time);
        if (await responder.StartAsync(cancellationToken).ConfigureAwait(false))
            _responder = responder;
        else
            await responder.DisposeAsync().ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_responder is { } responder)
            await responder.StopAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_responder is { } responder)
            await responder.DisposeAsync().ConfigureAwait(false);
    }
}
