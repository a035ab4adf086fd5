using Edge.Cameras;
using Edge.Config;
using Edge.Control;
using Edge.Media.Health;
using Edge.Media.Streaming;
using Edge.Reload;
using Edge.Rtmp.Push;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Push;

/// <summary>
/// Runs one RTMP(S) publisher per enabled <c>[[push]]</c> entry for the life of the host. Each
/// worker reconnects by itself with back-off; this service only starts and stops them (at start,
/// and per entry on a reload), restarts them all when asked (the button's short press), and
/// reports disabled entries to the health model.
/// </summary>
internal sealed class PushService : BackgroundService, IReloadable
{
    private readonly EdgeConfig _config;
    private readonly CameraRegistry _cameras;
    private readonly HealthModel _health;
    private readonly DaemonControl _control;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _log;
    private readonly List<CancellationTokenSource> _reconnects = [];
    private readonly List<RunningPush> _running = []; // under its own lock
    private CancellationToken _stopping = new(canceled: true);

    public PushService(EdgeConfig config, CameraRegistry cameras, HealthModel health, DaemonControl control, TimeProvider time, ILoggerFactory loggers)
    {
        _config = config;
        _cameras = cameras;
        _health = health;
        _control = control;
        _time = time;
        _loggers = loggers;
        _log = loggers.CreateLogger("Edge.Push");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        lock (_running)
        {
            _stopping = stoppingToken;
            foreach (var push in _config.Pushes)
                Start(push, _config);
        }

        _control.ReconnectPushesRequested += ReconnectAll;
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The host is stopping: every worker sees the same token.
        }
        finally
        {
            _control.ReconnectPushesRequested -= ReconnectAll;
        }
        RunningPush[] pushes;
        lock (_running)
            pushes = [.. _running];
        await Task.WhenAll(pushes.Select(p => p.Run)).ConfigureAwait(false);
        foreach (var push in pushes)
            push.Stop.Dispose();
    }

    public async Task ApplyAsync(EdgeConfig next, ConfigDifference difference, CancellationToken cancellationToken)
    {
        foreach (var push in difference.PushesRemoved)
        {
            RunningPush? running;
            lock (_running)
            {
                running = _running.FirstOrDefault(r => ConfigEquality.Same(r.Config, push));
                if (running is not null)
                    _running.Remove(running);
            }
            if (running is null)
                continue;
            await running.Stop.CancelAsync().ConfigureAwait(false);
            await running.Run.ConfigureAwait(false);
            running.Stop.Dispose();
            var name = PushConfigMapping.NameOf(push);
            bool nameStillUsed;
            lock (_running)
                nameStillUsed = _running.Any(r => PushConfigMapping.NameOf(r.Config) == name);
            if (!nameStillUsed)
                _health.RemovePush(name);
            ReloadLog.PushStopped(_log, name);
        }
        lock (_running)
        {
            foreach (var push in difference.PushesAdded)
            {
                ReloadLog.PushStarting(_log, PushConfigMapping.NameOf(push));
                Start(push, next);
            }
        }
    }

    /// <summary>Starts the worker of one entry (or only reports it disabled); the caller holds the lock on <see cref="_running"/>.</summary>
    private void Start(PushConfig push, EdgeConfig config)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
        var run = Task.CompletedTask;
        if (push.Enabled)
        {
            var camera = config.Cameras.First(c => c.Name == push.Camera);
            var options = PushConfigMapping.ToOptions(push, camera, config.SourcePath);
            var hub = _cameras.Get(push.Camera);
            run = Task.Run(() => KeepPushingAsync(options, hub, stop.Token), CancellationToken.None);
        }
        else
        {
            _health.SetPush(PushConfigMapping.NameOf(push), PushState.Disabled, "enabled = false", 0);
        }
        _running.Add(new RunningPush(push, stop, run));
    }

    private void ReconnectAll()
    {
        lock (_reconnects)
        {
            foreach (var reconnect in _reconnects)
                reconnect.Cancel();
        }
    }

    /// <summary>Runs a worker for one push; a reconnect request replaces it with a fresh one.</summary>
    private async Task KeepPushingAsync(RtmpPushOptions options, StreamHub hub, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            using var run = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            lock (_reconnects)
                _reconnects.Add(run);
            try
            {
                var worker = new RtmpPushWorker(options, hub, _health, _time, _loggers);
                await worker.RunAsync(run.Token).ConfigureAwait(false);
                if (!run.IsCancellationRequested)
                    return; // the camera's hub closed for good: nothing left to push
            }
            catch (OperationCanceledException) when (run.IsCancellationRequested)
            {
            }
            finally
            {
                lock (_reconnects)
                    _reconnects.Remove(run);
            }
        }
    }

    private sealed record RunningPush(PushConfig Config, CancellationTokenSource Stop, Task Run);
}
