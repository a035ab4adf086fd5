using Edge.Config;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Edge.Hosting;

/// <summary>
/// Chooses the log format for where the output goes: syslog-priority prefixed lines for the
/// journal (so <c>journalctl -p warning</c> works), colored lines on a terminal, plain lines
/// into a pipe or file.
/// </summary>
/// <remarks>
/// Under systemd, Microsoft.Extensions.Hosting.Systemd's <c>AddSystemd</c> (see
/// <see cref="EdgeHost"/>) selects the same journal format for the host. It is chosen here as well
/// because <c>$JOURNAL_STREAM</c>, not the parent process, says where the output goes, and because
/// a broken config is reported before any host exists.
/// </remarks>
internal static class LoggingSetup
{
    public static void Configure(ILoggingBuilder logging, LogLevelSetting level) => Configure(logging, new LogLevelSwitch(level));

    /// <summary>Logs at the switch's level, which a reload may change while the daemon runs.</summary>
    public static void Configure(ILoggingBuilder logging, LogLevelSwitch level)
    {
        logging.ClearProviders();
        // A rule with a filter and no level of its own: the filter alone decides, on every check.
        logging.SetMinimumLevel(LogLevel.Trace);
        logging.AddFilter((_, messageLevel) => messageLevel >= level.Level);
        // The host's own chatter is noise for a daemon's users.
        logging.AddFilter("Microsoft", LogLevel.Warning);

        if (IsJournal())
        {
            logging.AddSystemdConsole(options =>
            {
                options.IncludeScopes = false;
                options.TimestampFormat = null; // the journal stamps every line itself
            });
            return;
        }

        logging.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.IncludeScopes = false;
            options.TimestampFormat = "HH:mm:ss.fff ";
            options.ColorBehavior = Console.IsOutputRedirected ? LoggerColorBehavior.Disabled : LoggerColorBehavior.Enabled;
        });
    }

    public static LogLevel ToLogLevel(LogLevelSetting level) => level switch
    {
        LogLevelSetting.Trace => LogLevel.Trace,
        LogLevelSetting.Debug => LogLevel.Debug,
        LogLevelSetting.Info => LogLevel.Information,
        LogLevelSetting.Warning => LogLevel.Warning,
        _ => LogLevel.Error,
    };

    /// <summary>
    /// systemd sets JOURNAL_STREAM to the device:inode of the journal socket it connected our
    /// stdout/stderr to (systemd.exec(5)); its presence means the output lands in the journal.
    /// </summary>
    private static bool IsJournal() => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("JOURNAL_STREAM"));
}
