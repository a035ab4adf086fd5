using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Edge.Cameras;
using Edge.Config;
using Edge.Live;
using Edge.Media.Health;
using Edge.Media.Supervision;
using Edge.Onvif;
using Edge.Snapshots;
using Edge.Web;
using Edge.Web.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Status;

/// <summary>
/// Runs the HTTP server (<c>[http]</c>, Kestrel) for the life of the host. The page is secondary to
/// video: if the address cannot be bound (port taken, address not on this machine yet) that is one
/// clear error in the log, and binding is retried with back-off while the cameras stream on.
/// </summary>
internal sealed class HttpStatusService : IHostedService, IAsyncDisposable
{
    /// <summary>First retry after a failed bind; each further one waits twice as long, up to <see cref="MaxRetryDelay"/>.</summary>
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(60);

    private readonly EdgeConfig _config;
    private readonly TimeSpan _firstRetryDelay;
    private readonly TimeSpan _maxRetryDelay;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _log;
    private readonly WebServerLimits _limits;
    private readonly StatusEndpoints _status;
    private readonly CameraRates _rates;
    private readonly EdgeMetrics _metrics;
    private readonly MetricsEndpoint _metricsEndpoint;
    private readonly SnapshotEndpoint _snapshotEndpoint;
    private readonly LiveEndpoint _liveEndpoint;
    private readonly LivePage _livePage;
    private readonly WebAccess _access;
    private readonly OnvifEndpoint? _onvif;
    private WebServerSecurity _security = WebServerSecurity.None;
    private readonly CancellationTokenSource _stopping = new();
    private Task _retryLoop = Task.CompletedTask;
    private WebServer? _server;

    public HttpStatusService(EdgeConfig config, HealthModel health, CameraRegistry cameras, SnapshotRegistry snapshots, SnapshotLinks snapshotLinks, StatusBoard board, TimeProvider time, ILoggerFactory loggers, Reload.CurrentConfig current, Reload.ReloadNotices reloads)
        : this(config, health, cameras, snapshots, time, loggers, WebServerLimits.Default.WithLiveViewers(() => current.Value.Cameras.Count, config.Http.LiveViewersPerCamera), FirstRetryDelay, MaxRetryDelay, snapshotLinks, board, current, reloads)
    {
    }

    /// <summary>For tests: other limits and retry delays.</summary>
    internal HttpStatusService(EdgeConfig config, HealthModel health, CameraRegistry cameras, SnapshotRegistry snapshots, TimeProvider time, ILoggerFactory loggers, WebServerLimits limits, TimeSpan firstRetryDelay, TimeSpan maxRetryDelay, SnapshotLinks? snapshotLinks = null, StatusBoard? board = null, Reload.CurrentConfig? current = null, Reload.ReloadNotices? reloads = null)
    {
        _config = config;
        _firstRetryDelay = firstRetryDelay;
        _maxRetryDelay = maxRetryDelay;
        _time = time;
        _loggers = loggers;
        _limits = limits;
        _log = loggers.CreateLogger("Edge.Http");
        // Hosted services are built as the host starts: close enough to the daemon's start for an uptime.
        var liveViewers = new LiveViewers(cameras, health, config.Http.LiveViewersPerCamera, time);
        _rates = new CameraRates(cameras, time);
        _status = new StatusEndpoints(new StatusCollector(config, health, time, time.GetTimestamp(), Cli.Usage.Version, rates: _rates, liveViewers: liveViewers.Watching, board: board, current: current, reloads: reloads));
        _metrics = new EdgeMetrics(cameras, _rates, health, time);
        _metricsEndpoint = new MetricsEndpoint(_metrics);
        _snapshotEndpoint = new SnapshotEndpoint(snapshots);
        _liveEndpoint = new LiveEndpoint(liveViewers, loggers.CreateLogger("Edge.Live"));
        _livePage = new LivePage(liveViewers);
        _access = new WebAccess(config.Http, time, _log, snapshotLinks);
        if (config.Onvif.Enabled)
            _onvif = new OnvifEndpoint(current is null ? () => config : () => current.Value, time, loggers.CreateLogger("Edge.Onvif"));
    }

    /// <summary>The bound endpoint, once listening (port 0, which only tests can set, picks a free one).</summary>
    internal System.Net.IPEndPoint? LocalEndPoint => Volatile.Read(ref _server)?.LocalEndPoint;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_config.Http.Enabled)
        {
            HttpLog.Disabled(_log);
            return;
        }

        if (LoadSecurity() is not { } security)
            return;
        _security = security;
        ReportAccess();

        // The first try happens here, so the page is up by the time systemd hears READY=1.
        var error = await TryStartAsync(cancellationToken).ConfigureAwait(false);
        if (error == SocketError.Success)
        {
            HttpLog.Listening(_log, _security.Scheme, LocalEndPoint!.ToString());
            ReportOnvif();
            return;
        }

        HttpLog.CannotListen(_log, Endpoint, error.ToString(), Hint(error), ConfigFile, Seconds(_firstRetryDelay), Seconds(_maxRetryDelay));
        _retryLoop = Task.Run(() => RetryAsync(error, _stopping.Token), CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _retryLoop.ConfigureAwait(false);
        if (Volatile.Read(ref _server) is { } server)
            await server.StopAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _retryLoop.ConfigureAwait(false);
        if (Volatile.Read(ref _server) is { } server)
            await server.DisposeAsync().ConfigureAwait(false);
        _metricsEndpoint.Dispose();
        _metrics.Dispose();
        _security.Certificate?.Dispose();
        _rates.Dispose();
        _stopping.Dispose();
    }

    private string Endpoint => _config.Http.Listen.ToString();

    private void MapRoutes(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder routes)
    {
        _status.Map(routes);
        _metricsEndpoint.Map(routes);
        _snapshotEndpoint.Map(routes);
        _liveEndpoint.Map(routes);
        _livePage.Map(routes);
        _onvif?.Map(routes);
    }

    /// <summary>One attempt to listen; on success the server is kept.</summary>
    private async Task<SocketError> TryStartAsync(CancellationToken cancellationToken)
    {
        var (server, error) = await WebServer.TryStartAsync(_config.Http.Listen, _limits, _loggers, _time, MapRoutes, _security, cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _server, server);
        return error;
    }

    /// <summary>
    /// The certificate (loaded once: a retried bind reuses it) and the login gate; null when the
    /// certificate cannot be loaded now, which check-config caught at start unless the files
    /// changed since. The page then stays off with one error line; video carries on.
    /// </summary>
    private WebServerSecurity? LoadSecurity()
    {
        var gate = _access.LoginRequired ? _access.InvokeAsync : (Func<Microsoft.AspNetCore.Http.HttpContext, Microsoft.AspNetCore.Http.RequestDelegate, Task>?)null;
        if (!_config.Http.IsTls)
            return new WebServerSecurity(null, gate);
        try
        {
            return new WebServerSecurity(X509Certificate2.CreateFromPemFile(_config.Http.TlsCertificate!, _config.Http.TlsKey!), gate);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            HttpLog.TlsUnusable(_log, _config.Http.TlsCertificate!, _config.Http.TlsKey!, e.Message);
            return null;
        }
    }

    /// <summary>Says once who may view: a login and from which users, or a warning when the page is open to the network.</summary>
    private void ReportAccess()
    {
        var http = _config.Http;
        if (_access.LoginRequired)
        {
            HttpLog.LoginRequired(_log,
                http.Auth == HttpAuthMode.Digest ? "HTTP Digest" : "HTTP Basic or Digest",
                string.Join(", ", http.Users.Select(u => u.Name)),
                http.UsersFromRtsp ? "[[rtsp.users]]" : "[[http.users]]");
        }
        else if (!http.Listen.IsLoopback)
        {
            HttpLog.OpenWithoutLogin(_log, Endpoint, ConfigFile);
        }
    }

    private void ReportOnvif()
    {
        if (_onvif is null)
            return;
        OnvifLog.Serving(_loggers.CreateLogger("Edge.Onvif"), _security.Scheme, LocalEndPoint!.Port, _config.Cameras.Count,
            _access.LoginRequired ? "calls other than the time, capabilities and services need a user, by WS-Security or HTTP Digest" : "no login needed");
    }

    private string ConfigFile => _config.SourcePath ?? "/etc/edge/edge.toml";

    /// <summary>Binds again with back-off until it works or the host stops. A new reason is an error again; the same one only a debug line.</summary>
    private async Task RetryAsync(SocketError firstError, CancellationToken stopping)
    {
        var retry = new RetryLoop(new BackoffPolicy(_firstRetryDelay, _maxRetryDelay), _time);
        // The first failure was logged by StartAsync, with the first delay.
        var delay = retry.Failed(firstError.ToString()).Delay;
        var attempts = 1;
        try
        {
            while (await retry.WaitAsync(delay, stopping).ConfigureAwait(false))
            {
                attempts++;
                var error = await TryStartAsync(stopping).ConfigureAwait(false);
                if (error == SocketError.Success)
                {
                    HttpLog.ListeningAfterRetries(_log, _security.Scheme, LocalEndPoint!.ToString(), attempts);
                    return;
                }

                (delay, var isNewReason) = retry.Failed(error.ToString());
                if (isNewReason)
                    HttpLog.CannotListen(_log, Endpoint, error.ToString(), Hint(error), ConfigFile, Seconds(delay), Seconds(_maxRetryDelay));
                else
                    HttpLog.StillCannotListen(_log, Endpoint, error.ToString(), Seconds(delay));
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            // The boundary of the retry loop: the status page may give up, the daemon must not.
            HttpLog.RetryFailed(_log, e);
        }
    }

    private static int Seconds(TimeSpan delay) => (int)Math.Ceiling(delay.TotalSeconds);

    /// <summary>What the error most likely means on a camera box, in words a person can act on.</summary>
    private static string Hint(SocketError error) => error switch
    {
        SocketError.AddressAlreadyInUse => "another program (or another edge) already uses this port",
        SocketError.AddressNotAvailable => "no network interface of this machine has this address (yet)",
        SocketError.AccessDenied => "ports below 1024 need root or the CAP_NET_BIND_SERVICE capability",
        _ => "the address cannot be listened on",
    };
}
