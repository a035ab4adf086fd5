using Edge.Cameras;
using Edge.Config;
using Edge.Control;
using Edge.Gpio;
using Edge.Push;
using Edge.Linux.Systemd;
using Edge.Media.Health;
using Edge.Rtsp;
using Edge.Status;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Hosting;

/// <summary>Wires the daemon's services into a generic host and runs it.</summary>
internal static class EdgeHost
{
    /// <summary>
    /// How long stopping may take before the host gives up on a service. systemd's default
    /// TimeoutStopSec is 90 s, but a camera box should restart briskly; the issue asks for 5 s.
    /// </summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(4);

    public static async Task<int> RunAsync(EdgeConfig config, string startupNotice)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ApplicationName = "edge",
        });

        LoggingSetup.Configure(builder.Logging, config.Log.Level);
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = ShutdownTimeout);
        builder.Services.Configure<ConsoleLifetimeOptions>(options => options.SuppressStatusMessages = true);

        builder.Services.AddSingleton(config);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<HealthModel>();
        builder.Services.AddSingleton(_ => SystemdNotifier.FromEnvironment());
        builder.Services.AddSingleton<CameraRegistry>();
        builder.Services.AddSingleton<DaemonControl>();
        // The LEDs start first and stop last (the host stops services in reverse order), so the
        // status LED blinks from the first moment and shows any problem the others report.
        builder.Services.AddHostedService<GpioService>();
        builder.Services.AddHostedService<CameraService>();
        builder.Services.AddHostedService<RtspService>();
        builder.Services.AddHostedService<PushService>();
        builder.Services.AddHostedService<HttpStatusService>();
        builder.Services.AddHostedService<SystemdNotifyService>();

        using var host = builder.Build();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Edge");
        EdgeLog.Starting(logger, Cli.Usage.Version, startupNotice);
        try
        {
            await host.RunAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            EdgeLog.FatalError(logger, e);
            return 1;
        }
        EdgeLog.Stopped(logger);
        return 0;
    }
}
