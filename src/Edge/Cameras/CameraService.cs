using Edge.Config;
using Edge.Control;
using Edge.Media.Health;
using Edge.Snapshots;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Cameras;

/// <summary>Runs a supervisor for every configured camera for the life of the host.</summary>
internal sealed class CameraService : BackgroundService
{
    private readonly EdgeConfig _config;
    private readonly CameraRegistry _registry;
    private readonly HealthModel _health;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly DaemonControl _control;
    private readonly SnapshotRegistry _snapshots;

    public CameraService(EdgeConfig config, CameraRegistry registry, SnapshotRegistry snapshots, HealthModel health, DaemonControl control, TimeProvider time, ILoggerFactory loggers)
    {
        _control = control;
        _snapshots = snapshots;
        _config = config;
        _registry = registry;
        _health = health;
        _time = time;
        _loggers = loggers;
        // Known from the start, so READY's status line lists every camera.
        foreach (var camera in config.Cameras)
            _health.SetCamera(camera.Name, CameraState.Starting, "");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var log = _loggers.CreateLogger("Edge.Camera");
        var supervisors = new List<CameraSupervisor>();
        var runs = new List<Task>();
        foreach (var camera in _config.Cameras)
        {
            var hub = _registry.Get(camera.Name);
            var pipeline = CameraPipelineFactory.Create(camera, hub, _snapshots.TapOf(camera.Name), _loggers, log);
            var supervisor = new CameraSupervisor(camera, pipeline, _health, _time, log);
            supervisors.Add(supervisor);
            runs.Add(Task.Run(() => supervisor.RunAsync(stoppingToken), CancellationToken.None));
        }

        void RestartAll()
        {
            foreach (var supervisor in supervisors)
                supervisor.Restart();
        }

        _control.RestartPipelinesRequested += RestartAll;
        try
        {
            await Task.WhenAll(runs).ConfigureAwait(false);
        }
        finally
        {
            _control.RestartPipelinesRequested -= RestartAll;
        }
    }
}
