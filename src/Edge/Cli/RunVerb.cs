using System.Runtime.InteropServices;
using Edge.Config;
using Edge.Gpio;
using Edge.Gpio.Leds;
using Edge.Hosting;
using Edge.Media.Health;
using Edge.Reload;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace Edge.Cli;

/// <summary><c>edge run</c>: loads the config, then runs the daemon until SIGTERM or SIGINT.</summary>
internal static class RunVerb
{
    /// <summary>
    /// Exit code for an unusable config (sysexits' EX_CONFIG). The systemd unit lists it in
    /// RestartPreventExitStatus: restarting cannot fix a config, it would only spin.
    /// </summary>
    public const int ConfigErrorExitCode = 78;

    public static async Task<int> ExecuteAsync(RunCommand command)
    {
        // Before anything is read: a reload asked for from here on must neither end edge nor be lost.
        var reloads = new ReloadRequests();
        using var hangup = HangupSignal.RequestReloads(reloads);
        var path = command.ConfigPath;
        if (path is null && !File.Exists(ConfigLoader.DefaultPath))
            return await EdgeHost.RunAsync(ConfigLoader.Defaults(), ConfigLoader.DefaultPath, $"no config file at {ConfigLoader.DefaultPath}; running with the built-in defaults (see config/edge.toml)", reloads).ConfigureAwait(false);
        path ??= ConfigLoader.DefaultPath;

        var result = ConfigLoader.LoadFile(path);
        if (result.IsValid)
            return await EdgeHost.RunAsync(result.Config, path, $"config loaded from {path}", reloads).ConfigureAwait(false);

        // Before the host exists there is no logger: write plainly to stderr, which systemd
        // also sends to the journal.
        foreach (var error in result.Errors)
            Console.Error.WriteLine(error);
        Console.Error.WriteLine($"edge: the config has {result.Errors.Count} problem{(result.Errors.Count == 1 ? "" : "s")}; fix {(result.Errors.Count == 1 ? "it" : "them")} and start again (check with: edge check-config {path})");

        // systemd does not restart an exit 78, so under systemd edge waits for the fix instead.
        // No host runs yet, so nothing registers systemd's notifier; sd_notify(3) speaks to
        // $NOTIFY_SOCKET whoever started us, and so do we.
        var systemd = new SystemdNotifier();
        var statusLed = result.Leds is { Status: not null } leds ? leds : null;
        if (statusLed is null && !systemd.IsEnabled)
            return ConfigErrorExitCode;
        var fixedConfig = await ShowErrorUntilFixedAsync(path, statusLed, systemd, result.Errors).ConfigureAwait(false);
        if (fixedConfig is null)
            return ConfigErrorExitCode;
        return await EdgeHost.RunAsync(fixedConfig, path, $"config loaded from {path} once it was fixed", reloads).ConfigureAwait(false);
    }

    /// <summary>
    /// A broken config is shown on the status LED (fast blink) when one is wired, and to systemd
    /// when it started edge, until the file is fixed or edge is stopped; see
    /// <see cref="ConfigErrorDisplay"/>. Returns the fixed config, or null when stopped or when
    /// nothing can show the error.
    /// </summary>
    private static async Task<EdgeConfig?> ShowErrorUntilFixedAsync(string path, LedsConfig? leds, SystemdNotifier systemd, IReadOnlyList<ConfigError> errors)
    {
        using var loggers = LoggerFactory.Create(logging => LoggingSetup.Configure(logging, LogLevelSetting.Info));
        var log = loggers.CreateLogger("Edge");
        if (leds is not null && !GpioAbi.Verify(out var abiError))
        {
            Console.Error.WriteLine($"edge: cannot show the error on the status LED: {abiError}");
            if (!systemd.IsEnabled)
                return null;
            leds = null;
        }

        using var stop = new CancellationTokenSource();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        // SIGHUP (systemctl reload) while waiting is taken by ExecuteAsync's HangupSignal: the
        // file is read again on the next poll anyway, and the host reloads once when it starts.
        var notifier = new SystemdNotifications(systemd, loggers.CreateLogger<SystemdNotifications>());
        var time = TimeProvider.System;
        var health = new HealthModel(time);
        var ledController = leds is null ? null : LedController.Create(GpioConfigMapping.ToOptions(leds), health, time, log);
        using var display = new ConfigErrorDisplay(path, health, ledController, notifier, SystemdWatchdog.FromEnvironment(), time, log);
        if (!display.Start(errors))
            return null;
        var config = await display.WaitForFixAsync(stop.Token).ConfigureAwait(false);
        if (config is null)
            notifier.Stopping("stopping with a config error");
        return config;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true; // we stop ourselves, turning the LED off on the way out
            stop.Cancel();
        }
    }
}
