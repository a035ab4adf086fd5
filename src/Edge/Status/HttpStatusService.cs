using System.Net.Sockets;
using Edge.Cameras;
using Edge.Config;
using Edge.Media.Health;
using Edge.Status.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Status;

/// <summary>
/// Runs the HTTP status server (<c>[http]</c>) for the life of the host. The page is secondary to
/// video: if the address cannot be bound (port taken, address not on this machine yet) that is one
/// clear error in the log, and binding is retried with back-off while the cameras stream on.
/// </summary>
internal sealed class HttpStatusService : IHostedService, IAsyncDisposable
{
    /// <summary>First retry after a failed bind; each further one waits twice as long, up to <see cref="MaxRetryDelay"/>.</summary>
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(1);

    private readonly EdgeConfig _config;
    private readonly TimeSpan _firstRetryDelay;
    private readonly TimeSpan _maxRetryDelay;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly HttpServer? _server;
    private readonly CancellationTokenSource _stopping = new();
    private Task _retryLoop = Task.CompletedTask;

    public HttpStatusService(EdgeConfig config, HealthModel health, TimeProvider time, ILoggerFactory loggers)
        : this(config, health, time, loggers, HttpServerOptions.Default, FirstRetryDelay, MaxRetryDelay)
    {
    }

    /// <summary>For tests: other limits and retry delays.</summary>
    internal HttpStatusService(EdgeConfig config, HealthModel health, TimeProvider time, ILoggerFactory loggers, HttpServerOptions options, TimeSpan firstRetryDelay, TimeSpan maxRetryDelay)
    {
        _config = config;
        _firstRetryDelay = firstRetryDelay;
        _maxRetryDelay = maxRetryDelay;
        _time = time;
        _log = loggers.CreateLogger("Edge.Http");
        // Hosted services are built as the host starts: close enough to the daemon's start for an uptime.
        var collector = new StatusCollector(config, health, time, time.GetTimestamp(), Cli.Usage.Version);
        if (config.Http.Enabled)
            _server = new HttpServer(config.Http.Listen, options, new StatusEndpoints(collector), time, _log);
    }

    /// <summary>The bound endpoint, once listening (port 0, which only tests can set, picks a free one).</summary>
    internal System.Net.IPEndPoint? LocalEndPoint => _server?.LocalEndPoint;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_server is null)
        {
            HttpLog.Disabled(_log);
            return Task.CompletedTask;
        }

        // The first try happens here, so the page is up by the time systemd hears READY=1.
        if (_server.TryStart(out var error))
        {
            HttpLog.Listening(_log, BoundEndpoint(_server));
            return Task.CompletedTask;
        }

        HttpLog.CannotListen(_log, Endpoint, error.ToString(), Hint(error), ConfigFile, Seconds(_firstRetryDelay), Seconds(_maxRetryDelay));
        _retryLoop = Task.Run(() => RetryAsync(_server, error, _stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _retryLoop.ConfigureAwait(false);
        if (_server is not null)
            await _server.StopAsync(StopGrace).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private string Endpoint => _config.Http.Listen.ToString();

    private string BoundEndpoint(HttpServer server) => server.LocalEndPoint?.ToString() ?? Endpoint;

    private string ConfigFile => _config.SourcePath ?? "/etc/edge/edge.toml";

    /// <summary>Binds again with back-off until it works or the host stops. A new reason is an error again; the same one only a debug line.</summary>
    private async Task RetryAsync(HttpServer server, SocketError lastError, CancellationToken stopping)
    {
        var backoff = new Backoff(_firstRetryDelay, _maxRetryDelay);
        var delay = backoff.Next();
        var attempts = 1;
        try
        {
            while (true)
            {
                await Task.Delay(delay, _time, stopping).ConfigureAwait(false);
                attempts++;
                if (server.TryStart(out var error))
                {
                    HttpLog.ListeningAfterRetries(_log, BoundEndpoint(server), attempts);
                    return;
                }

                delay = backoff.Next();
                if (error != lastError)
                    HttpLog.CannotListen(_log, Endpoint, error.ToString(), Hint(error), ConfigFile, Seconds(delay), Seconds(_maxRetryDelay));
                else
                    HttpLog.StillCannotListen(_log, Endpoint, error.ToString(), Seconds(delay));
                lastError = error;
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
