using Edge.Config;
using Edge.Control;
using Edge.Media.Health;
using Edge.Reload;
using Edge.Snapshots;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Cameras;

/// <summary>
/// Runs a supervisor for every configured camera for the life of the host, and applies a
/// reloaded config camera by camera: an unchanged camera is not touched.
/// </summary>
/// <remarks>
/// A changed camera's supervisor is stopped and a new one starts with the new settings on the
/// same hub, so its RTSP clients, pushes and live viewers stay subscribed and see a pause while
/// the pipeline restarts. An added camera gets a hub (its RTSP path appears) and a supervisor; a
/// removed one is stopped and its hub completed, which ends its readers.
/// </remarks>
internal sealed class CameraService : BackgroundService, IReloadable
{
    private readonly EdgeConfig _config;
    private readonly CameraRegistry _registry;
    private readonly HealthModel _health;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _log;
    private readonly DaemonControl _control;
    private readonly SnapshotRegistry _snapshots;
    private readonly Dictionary<string, RunningCamera> _running = new(StringComparer.Ordinal); // under its own lock
    private CancellationToken _stopping = new(canceled: true);

    public CameraService(EdgeConfig config, CameraRegistry registry, SnapshotRegistry snapshots, HealthModel health, DaemonControl control, TimeProvider time, ILoggerFactory loggers)
    {
        _control = control;
        _snapshots = snapshots;
        _config = config;
        _registry = registry;
        _health = health;
        _time = time;
        _loggers = loggers;
        _log = loggers.CreateLogger("Edge.Camera");
        // Known from the start, so READY's status line lists every camera.
        foreach (var camera in config.Cameras)
            _health.SetCamera(camera.Name, CameraState.Starting, "");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        lock (_running)
        {
            _stopping = stoppingToken;
            foreach (var camera in _config.Cameras)
                Start(camera);
        }

        _control.RestartPipelinesRequested += RestartAll;
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The host is stopping: every supervisor sees the same token.
        }
        finally
        {
            _control.RestartPipelinesRequested -= RestartAll;
        }
        RunningCamera[] cameras;
        lock (_running)
            cameras = _running.Values.ToArray();
        await Task.WhenAll(cameras.Select(c => c.Run)).ConfigureAwait(false);
        foreach (var camera in cameras)
            camera.Stop.Dispose();
    }

    public async Task ApplyAsync(EdgeConfig next, ConfigDifference difference, CancellationToken cancellationToken)
    {
        foreach (var name in difference.CamerasRemoved)
        {
            await StopAsync(name).ConfigureAwait(false);
            await _snapshots.RemoveAsync(name).ConfigureAwait(false);
            _registry.Remove(name);
            _health.RemoveCamera(name);
            ReloadLog.CameraRemoved(_log, name);
        }
        foreach (var camera in difference.CamerasChanged)
        {
            await StopAsync(camera.Name).ConfigureAwait(false);
            ReloadLog.CameraRestarting(_log, camera.Name);
            // Starting, not the stopped supervisor's last word, is what systemd hears with READY=1.
            _health.SetCamera(camera.Name, CameraState.Starting, "");
            lock (_running)
                Start(camera);
        }
        foreach (var camera in difference.CamerasAdded)
        {
            _registry.Add(camera.Name);
            _snapshots.Add(camera.Name);
            _health.SetCamera(camera.Name, CameraState.Starting, "");
            ReloadLog.CameraAdded(_log, camera.Name);
            lock (_running)
                Start(camera);
        }
    }

    /// <summary>Starts a supervisor on the camera's hub; the caller holds the lock on <see cref="_running"/>.</summary>
    private void Start(CameraConfig camera)
    {
        var hub = _registry.Get(camera.Name);
        var pipeline = CameraPipelineFactory.Create(camera, hub, _snapshots.TapOf(camera.Name), _loggers, _log);
        var supervisor = new CameraSupervisor(camera, pipeline, _health, _time, _log);
        var stop = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
        var run = Task.Run(() => supervisor.RunAsync(stop.Token), CancellationToken.None);
        _running[camera.Name] = new RunningCamera(supervisor, stop, run);
    }

    /// <summary>Stops one camera's supervisor and waits until its pipeline has let go of its device.</summary>
    private async Task StopAsync(string name)
    {
        RunningCamera? camera;
        lock (_running)
        {
            if (!_running.Remove(name, out camera))
                return;
        }
        await camera.Stop.CancelAsync().ConfigureAwait(false);
        await camera.Run.ConfigureAwait(false);
        camera.Stop.Dispose();
    }

    private void RestartAll()
    {
        lock (_running)
        {
            foreach (var camera in _running.Values)
                camera.Supervisor.Restart();
        }
    }

    private sealed record RunningCamera(CameraSupervisor Supervisor, CancellationTokenSource Stop, Task Run);
}
