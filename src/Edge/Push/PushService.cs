using Edge.Cameras;
using Edge.Config;
using Edge.Control;
using Edge.Media.Health;
using Edge.Media.Streaming;
using Edge.Rtmp.Push;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Push;

/// <summary>
/// Runs one RTMP(S) publisher per enabled <c>[[push]]</c> entry for the life of the host. Each
/// worker reconnects by itself with back-off; this service only starts them, restarts them all
/// when asked (the button's short press), and reports disabled entries to the health model.
/// </summary>
internal sealed class PushService : BackgroundService
{
    private readonly EdgeConfig _config;
    private readonly CameraRegistry _cameras;
    private readonly HealthModel _health;
    private readonly DaemonControl _control;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly List<CancellationTokenSource> _reconnects = [];

    public PushService(EdgeConfig config, CameraRegistry cameras, HealthModel health, DaemonControl control, TimeProvider time, ILoggerFactory loggers)
    {
        _config = config;
        _cameras = cameras;
        _health = health;
        _control = control;
        _time = time;
        _loggers = loggers;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var runs = new List<Task>();
        foreach (var push in _config.Pushes)
        {
            if (!push.Enabled)
            {
                _health.SetPush(PushConfigMapping.NameOf(push), PushState.Disabled, "enabled = false", 0);
                continue;
            }
            var camera = _config.Cameras.First(c => c.Name == push.Camera);
            var options = PushConfigMapping.ToOptions(push, camera, _config.SourcePath);
            var hub = _cameras.Get(push.Camera);
            runs.Add(Task.Run(() => KeepPushingAsync(options, hub, stoppingToken), CancellationToken.None));
        }

        void ReconnectAll()
        {
            lock (_reconnects)
            {
                foreach (var reconnect in _reconnects)
                    reconnect.Cancel();
            }
        }

        _control.ReconnectPushesRequested += ReconnectAll;
        try
        {
            await Task.WhenAll(runs).ConfigureAwait(false);
        }
        finally
        {
            _control.ReconnectPushesRequested -= ReconnectAll;
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
}
