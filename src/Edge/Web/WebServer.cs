using System.Net;
using System.Net.Sockets;
using Edge.Config;
using Edge.Linux.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Web;

/// <summary>
/// Kestrel listening on one address and serving the routes its owner maps, within
/// <see cref="WebServerLimits"/>. One instance is one attempt to listen: a web application whose
/// start failed cannot be started again, so a retry builds a new one.
/// </summary>
internal sealed class WebServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _stopped;

    private WebServer(WebApplication app, IPEndPoint localEndPoint)
    {
        _app = app;
        LocalEndPoint = localEndPoint;
    }

    /// <summary>The endpoint actually bound (port 0, which only tests use, picks a free one).</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>
    /// Binds <paramref name="listen"/> and starts serving. Null, with the socket error, when the
    /// port is taken or the address is not on this machine (yet); the caller may try again later.
    /// </summary>
    /// <param name="listen">Where to listen.</param>
    /// <param name="limits">Request limits and deadlines.</param>
    /// <param name="loggers">Edge's own logging, which Kestrel's lines go through too.</param>
    /// <param name="time">The clock, for throttling repeated lines.</param>
    /// <param name="mapRoutes">Maps the routes served.</param>
    /// <param name="security">HTTPS certificate and login gate.</param>
    /// <param name="cancellationToken">Abandons the start.</param>
    public static async Task<(WebServer? Server, SocketError Error)> TryStartAsync(
        ListenEndpoint listen,
        WebServerLimits limits,
        ILoggerFactory loggers,
        TimeProvider time,
        Action<IEndpointRouteBuilder> mapRoutes,
        WebServerSecurity security,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(listen);
        ArgumentNullException.ThrowIfNull(mapRoutes);
        ArgumentNullException.ThrowIfNull(security);
        var app = Build(listen, limits, loggers, time, mapRoutes, security);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (SocketErrorOf(e) is { } error)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            return (null, error);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return (new WebServer(app, BoundEndPoint(app, listen)), SocketError.Success);
    }

    /// <summary>Stops listening, lets open requests finish within the grace period, then aborts the rest.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
            return;
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static WebApplication Build(ListenEndpoint listen, WebServerLimits limits, ILoggerFactory loggers, TimeProvider time, Action<IEndpointRouteBuilder> mapRoutes, WebServerSecurity security)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = "edge",
            ContentRootPath = AppContext.BaseDirectory,
        });
        // edge.toml is the only configuration: no ASPNETCORE_URLS, appsettings.json or Logging section may change what is served.
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        var webLoggers = new WebLoggerFactory(loggers, time);
        builder.Services.AddSingleton<ILoggerFactory>(webLoggers);
        // Under Kestrel's connection category, so a flood of refusals is throttled like Kestrel's own lines.
        var cap = new ConnectionCap(limits, webLoggers.CreateLogger(WebLoggerFactory.KestrelConnectionsCategory));
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = limits.StopGrace);
        builder.WebHost.UseSockets(options => options.CreateBoundListenSocket = CreateListenSocket);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            var bounds = kestrel.Limits;
            // Connections are bounded by the cap below, which follows the running config; upgraded
            // ones (the live view's WebSockets) stay in its count.
            bounds.MaxConcurrentConnections = null;
            bounds.MaxConcurrentUpgradedConnections = null;
            bounds.MaxRequestHeadersTotalSize = limits.MaxRequestHeadersBytes;
            bounds.MaxRequestLineSize = limits.MaxRequestLineBytes;
            bounds.MaxRequestHeaderCount = limits.MaxHeaderCount;
            bounds.MaxRequestBodySize = limits.MaxRequestBodyBytes;
            bounds.RequestHeadersTimeout = limits.RequestHeadersTimeout;
            bounds.KeepAliveTimeout = limits.KeepAliveTimeout;
            // HTTP/1.1 only: without TLS no browser speaks HTTP/2 to it anyway, and with TLS the
            // live view's WebSocket and the long MP4 responses are simplest over HTTP/1.1.
            kestrel.Listen(listen.ToIPAddress(), listen.Port, endpoint =>
            {
                endpoint.Protocols = HttpProtocols.Http1;
                endpoint.Use(cap.Wrap);
                if (security.Certificate is { } certificate)
                    endpoint.UseHttps(certificate);
            });
        });

        var app = builder.Build();
        // Before anything else, so a request without a login learns nothing, not even which paths exist.
        if (security.Gate is { } gate)
            app.Use(gate);
        // Routing has chosen an endpoint (or not) before this runs: a path nobody serves gets a
        // sentence rather than an empty 404.
        app.Use((context, next) => context.GetEndpoint() is null ? NotFound(context) : next(context));
        // The live view's WebSocket (/cameras/NAME/live) upgrades here.
        app.UseWebSockets();
        mapRoutes(app);
        return app;
    }

    private static Task NotFound(HttpContext context) =>
        BufferedResponse.TextAsync(context, StatusCodes.Status404NotFound, "not found");

    /// <summary>
    /// Kestrel's own listen socket, plus SO_REUSEADDR so a restarted daemon binds its port at once
    /// over the last run's connections in TIME_WAIT.
    /// </summary>
    private static Socket CreateListenSocket(EndPoint endpoint)
    {
        var address = ((IPEndPoint)endpoint).Address;
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (address.Equals(IPAddress.IPv6Any))
                socket.DualMode = true;
            ListeningSocket.AllowRebindOverTimeWait(socket);
            socket.Bind(endpoint);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static IPEndPoint BoundEndPoint(WebApplication app, ListenEndpoint listen)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var port = addresses?.Select(a => Uri.TryCreate(a, UriKind.Absolute, out var uri) ? uri.Port : 0).FirstOrDefault(p => p > 0) ?? 0;
        return new IPEndPoint(listen.ToIPAddress(), port > 0 ? port : listen.Port);
    }

    /// <summary>The socket error behind a failed start (Kestrel wraps "address in use" in an IOException), or null for any other failure.</summary>
    private static SocketError? SocketErrorOf(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is SocketException socketError)
                return socketError.SocketErrorCode;
        }
        return null;
    }
}
