using Edge.Cameras;
using Edge.Config;
using Edge.Control;
using Edge.Display;
using Edge.Gpio;
using Edge.Mdns;
using Edge.Mqtt;
using Edge.Onvif;
using Edge.Push;
using Edge.Reload;
using Edge.Media.Health;
using Edge.Rtsp;
using Edge.Snapshots;
using Edge.Status;
using Edge.Video.Encoders.Ffmpeg;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace Edge.Hosting;

/// <summary>Wires the daemon's services into a generic host and runs it.</summary>
internal static class EdgeHost
{
    /// <summary>
    /// How long stopping may take before the host gives up on a service. systemd's default
    /// TimeoutStopSec is 90 s, but a camera box should restart briskly: the whole stop, this
    /// timeout and the exit after it, stays within 5 s.
    /// </summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(4);

    /// <param name="config">The validated config to start with.</param>
    /// <param name="configPath">The file a reload (SIGHUP) reads.</param>
    /// <param name="startupNotice">Where the config came from, for the first log line.</param>
    /// <param name="reloads">Where reloads are asked for (SIGHUP since edge started, a saved file); the reloader serves them.</param>
    public static async Task<int> RunAsync(EdgeConfig config, string configPath, string startupNotice, ReloadRequests reloads)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ApplicationName = "edge",
        });

        var logLevel = new LogLevelSwitch(config.Log.Level);
        LoggingSetup.Configure(builder.Logging, logLevel);
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = ShutdownTimeout);
        builder.Services.Configure<ConsoleLifetimeOptions>(options => options.SuppressStatusMessages = true);

        // The config at start; services built later by a reload are given theirs explicitly.
        builder.Services.AddSingleton(config);
        builder.Services.AddSingleton(new CurrentConfig(config));
        builder.Services.AddSingleton(new ConfigSource(configPath));
        builder.Services.AddSingleton<ReloadNotices>();
        builder.Services.AddSingleton(logLevel);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<HealthModel>();
        // When the library sees systemd as the parent process: its lifetime (READY=1 and
        // STOPPING=1, SIGTERM stops the host) and the journal's log format. Otherwise it adds
        // nothing, not even the notifier; that includes our own unit, whose ProtectProc=invisible
        // hides the parent (PID 1) from the library's /proc check.
        builder.Services.AddSystemd();
        // sd_notify(3) speaks to $NOTIFY_SOCKET whoever the parent is (systemd, a supervisor, a
        // container runtime, a test), and so does edge; the notifier does nothing when it is unset.
        builder.Services.TryAddSingleton<ISystemdNotifier, SystemdNotifier>();
        builder.Services.AddSingleton<SystemdNotifications>();
        builder.Services.AddSingleton(SystemdWatchdog.FromEnvironment());
        builder.Services.AddSingleton<CameraRegistry>();
        builder.Services.AddSingleton<SnapshotRegistry>();
        builder.Services.AddSingleton<SnapshotLinks>();
        builder.Services.AddSingleton<StatusBoard>();
        builder.Services.AddSingleton<DaemonControl>();
        // The LEDs start first and stop last (the host stops services in reverse order), so the
        // status LED blinks from the first moment and shows any problem the others report.
        // A reload applies its difference in this order too: cameras before the pushes that
        // read their hubs. Each section service restarts only when the tables it names change.
        builder.Services.AddReloadableSection<GpioService>(ConfigSections.Gpio);
        builder.Services.AddReloadable<CameraService>();
        builder.Services.AddReloadableSection<RtspService>(ConfigSections.Rtsp | ConfigSections.Device);
        builder.Services.AddReloadable<PushService>();
        // ONVIF is served by the web server: [onvif] enabled decides whether it maps the routes.
        builder.Services.AddReloadableSection<HttpStatusService>(ConfigSections.Http | ConfigSections.Onvif);
        builder.Services.AddReloadableSection<DisplayService>(ConfigSections.Display | ConfigSections.Device, config => config.Display is not null);
        // MQTT describes every camera to Home Assistant and links to the page: it says it again after any of those change
        // (when there is a broker to say it to).
        builder.Services.AddReloadableSection<MqttService>(ConfigSections.Mqtt | ConfigSections.Device | ConfigSections.Http | ConfigSections.CameraList, config => config.Mqtt is not null);
        // Discovery announces the device name, the cameras and the addresses of both servers.
        builder.Services.AddReloadableSection<OnvifDiscoveryService>(ConfigSections.Onvif | ConfigSections.Device | ConfigSections.Http | ConfigSections.Rtsp | ConfigSections.CameraList);
        // mDNS announces the cameras and the page through avahi; a reload updates what it announces in place.
        builder.Services.AddReloadable<MdnsService>();
        builder.Services.AddSingleton(reloads);
        // Last among the reloadables: it only decides whether saves are watched from now on.
        builder.Services.AddReloadable<ConfigFileWatcher>();
        builder.Services.AddHostedService<ConfigReloader>();
        builder.Services.AddHostedService<SystemdNotifyService>();

        using var host = builder.Build();
        var loggers = host.Services.GetRequiredService<ILoggerFactory>();
        var logger = loggers.CreateLogger("Edge");
        EdgeLog.Starting(logger, Cli.Usage.Version, startupNotice);
        FfmpegLogBridge.Attach(loggers.CreateLogger("FFmpeg"));
        try
        {
            await host.RunAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            EdgeLog.FatalError(logger, e);
            return 1;
        }
        finally
        {
            FfmpegLogBridge.Detach(); // the logger goes with the host
        }
        EdgeLog.Stopped(logger);
        return 0;
    }
}
