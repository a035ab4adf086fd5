namespace Edge.Hosting;

/// <summary>
/// The watchdog systemd runs for edge (<c>WatchdogSec=</c> in the unit), read from
/// <c>$WATCHDOG_USEC</c> and <c>$WATCHDOG_PID</c> as sd_watchdog_enabled(3) reads them.
/// </summary>
/// <remarks>
/// Microsoft.Extensions.Hosting.Systemd sends what we ask but never pings the watchdog itself:
/// when to ping is ours to decide, because a ping must mean the pipeline is making progress.
/// </remarks>
internal sealed class SystemdWatchdog(TimeSpan? interval)
{
    /// <summary>The interval systemd expects pings within, or null when there is no watchdog for this process.</summary>
    public TimeSpan? Interval { get; } = interval;

    public static SystemdWatchdog FromEnvironment()
    {
        var usecText = Environment.GetEnvironmentVariable("WATCHDOG_USEC");
        if (!ulong.TryParse(usecText, out var usec) || usec == 0)
            return new SystemdWatchdog(null);
        // The watchdog belongs to the process systemd named, not to a child that inherited the variables.
        var pidText = Environment.GetEnvironmentVariable("WATCHDOG_PID");
        if (!string.IsNullOrEmpty(pidText) &&
            (!int.TryParse(pidText, out var pid) || pid != Environment.ProcessId))
            return new SystemdWatchdog(null);
        return new SystemdWatchdog(TimeSpan.FromMicroseconds(usec));
    }
}
