using Edge.Cameras;
using Edge.Config;
using Edge.Media.Health;
using Edge.Media.Supervision;
using Edge.Rtsp.Server;
using Edge.Status;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Rtsp;

/// <summary>Runs the RTSP server for the life of the host.</summary>
/// <remarks>
/// A port that cannot be bound (another program has it, an address this host lacks) does not
/// stop the daemon: the cameras keep encoding and the pushes keep running, the health model
/// carries the error (fast blink on the status LED, <c>systemctl status</c>, the status page),
/// and the bind is retried with back-off until it works. An appliance left alone for a year
/// heals when the other program goes away, instead of spinning through systemd restarts.
/// </remarks>
internal sealed partial class RtspService : IHostedService, IAsyncDisposable
{
    /// <summary>2 s doubling to 30 s: a port freed by another program is taken back within half a minute.</summary>
    private static readonly BackoffPolicy RetryPolicy = new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30));

    private readonly RtspServer _server;
    private readonly EdgeConfig _config;
    private readonly HealthModel _health;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stopping = new();
    private Task _retryLoop = Task.CompletedTask;

    public RtspService(EdgeConfig config, CameraRegistry cameras, HealthModel health, TimeProvider time, ILoggerFactory loggers, StatusBoard? board = null)
    {
        _config = config;
        _health = health;
        _time = time;
        _log = loggers.CreateLogger("Edge.Rtsp");
        _server = new RtspServer(RtspConfigMapping.ToOptions(config.Rtsp, config.Device.Name), cameras, health, time, _log);
        board?.RtspSessions = _server;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Once per start, before the first client: a box open to the network should say so.
        if (_config.Rtsp.Auth == RtspAuthMode.None && !_config.Rtsp.Listen.IsLoopback)
            LogOpenWithoutPassword(_log, _config.Rtsp.Listen.ToString(), _config.SourcePath ?? "/etc/edge/edge.toml");
        if (TryStart() is { } problem)
        {
            var retry = new RetryLoop(RetryPolicy, _time);
            var delay = retry.Failed(problem).Delay;
            _health.SetFatalError(problem);
            LogCannotListen(_log, problem, delay);
            _retryLoop = RetryAsync(retry, delay, _stopping.Token);
        }
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _retryLoop.ConfigureAwait(false);
        await _server.StopAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _retryLoop.ConfigureAwait(false);
        await _server.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>Binds and starts the server; returns why it could not, or null.</summary>
    private string? TryStart()
    {
        try
        {
            _server.Start();
            var port = _server.LocalEndPoint?.Port ?? _config.Rtsp.Listen.Port;
            foreach (var camera in _config.Cameras)
                LogCameraUrls(_log, camera.Name, string.Join(" ", RtspUrls.For(_config.Rtsp.Listen.ToIPAddress(), port, camera.Name)));
            return null;
        }
        catch (RtspBindException e)
        {
            return RtspConfigMapping.Explain(e, _config.Rtsp, _config.SourcePath);
        }
    }

    /// <summary>Binds again with back-off until it works or the host stops; a new reason replaces the old one in health and the log.</summary>
    private async Task RetryAsync(RetryLoop retry, TimeSpan delay, CancellationToken stopping)
    {
        var attempts = 0;
        while (await retry.WaitAsync(delay, stopping).ConfigureAwait(false))
        {
            attempts++;
            var problem = TryStart();
            if (problem is null)
            {
                _health.ClearFatalError(retry.LastReason!);
                LogListeningAfterRetry(_log, attempts);
                return;
            }
            var previous = retry.LastReason!;
            (delay, var isNewReason) = retry.Failed(problem);
            if (isNewReason)
            {
                _health.ClearFatalError(previous);
                _health.SetFatalError(problem);
                LogCannotListen(_log, problem, delay);
            }
            else
            {
                LogStillCannotListen(_log, problem, delay);
            }
        }
    }

    [LoggerMessage(EventId = 3100, Level = LogLevel.Error, Message = "RTSP unavailable: {Problem}. Cameras and pushes keep running; trying again in {Retry}, then with back-off up to 30 s")]
    private static partial void LogCannotListen(ILogger logger, string problem, TimeSpan retry);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning, Message = "RTSP on {Endpoint} is open to the network without a password: anyone who can reach this box can watch. Set [rtsp] auth = \"digest\" and add an [[rtsp.users]] table in {ConfigFile}, or listen on 127.0.0.1")]
    private static partial void LogOpenWithoutPassword(ILogger logger, string endpoint, string configFile);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "camera {Camera} at {Urls}")]
    private static partial void LogCameraUrls(ILogger logger, string camera, string urls);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Debug, Message = "RTSP still unavailable: {Problem}; trying again in {Retry}")]
    private static partial void LogStillCannotListen(ILogger logger, string problem, TimeSpan retry);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "RTSP listening after {Attempts} retries")]
    private static partial void LogListeningAfterRetry(ILogger logger, int attempts);
}
