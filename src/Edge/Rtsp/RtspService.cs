using Edge.Cameras;
using Edge.Config;
using Edge.Media.Health;
using Edge.Rtsp.Server;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Rtsp;

/// <summary>Runs the RTSP server for the life of the host.</summary>
internal sealed class RtspService : IHostedService, IAsyncDisposable
{
    private readonly RtspServer _server;
    private readonly HealthModel _health;

    public RtspService(EdgeConfig config, CameraRegistry cameras, HealthModel health, TimeProvider time, ILoggerFactory loggers)
    {
        _health = health;
        _server = new RtspServer(config.Rtsp, config.Device.Name, cameras, health, time, loggers.CreateLogger("Edge.Rtsp"));
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            _server.Start();
        }
        catch (InvalidOperationException e)
        {
            // A taken port is fatal for a camera server: say so plainly and let systemd see the failure.
            _health.SetFatalError(e.Message);
            throw;
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => _server.StopAsync(TimeSpan.FromSeconds(2));

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
