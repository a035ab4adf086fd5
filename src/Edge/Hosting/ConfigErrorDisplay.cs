using Edge.Config;
using Edge.Gpio.Leds;
using Edge.Media.Health;
using Microsoft.Extensions.Logging;

namespace Edge.Hosting;

/// <summary>
/// What <c>edge run</c> does with a broken config when a status LED is wired or systemd started
/// it: instead of exiting, it fast-blinks the LED (when there is one), tells systemd (ready,
/// with the error as status, and the watchdog fed) and watches the file; the moment the file is
/// valid it hands the new config back, and the daemon starts. A board in a box has no screen,
/// and its owner may only see the LED; a process that exits leaves the LED dark or stuck, which
/// says nothing, and under systemd it stays dead (exit 78 is not restarted) even after the file
/// is fixed, for example on the SD card's FAT partition.
/// </summary>
internal sealed partial class ConfigErrorDisplay : IDisposable
{
    /// <summary>How often the file is checked for a fix.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    private readonly string _path;
    private readonly HealthModel _health;
    private readonly LedController? _leds;
    private readonly SystemdNotifications _notifier;
    private readonly SystemdWatchdog _watchdog;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private FileStamp _stamp;

    /// <param name="leds">The status LED, or null when none is wired.</param>
    /// <param name="notifier">systemd's notifier; enabled when systemd started edge, which then shows the error as its status.</param>
    public ConfigErrorDisplay(string path, HealthModel health, LedController? leds, SystemdNotifications notifier, SystemdWatchdog watchdog, TimeProvider time, ILogger log)
    {
        _path = path;
        _health = health;
        _leds = leds;
        _notifier = notifier;
        _watchdog = watchdog;
        _time = time;
        _log = log;
        _stamp = FileStamp.Of(path);
    }

    /// <summary>
    /// Shows <paramref name="errors"/> on the status LED and to systemd. False when neither can
    /// show it (no systemd, and no LED or one that cannot be driven: no such chip or line, GPIO
    /// busy): then there is nothing to wait for, and edge exits.
    /// </summary>
    public bool Start(IReadOnlyList<ConfigError> errors)
    {
        _health.SetFatalError(Describe(errors));
        _leds?.Start();
        var ledShows = _leds is { IsDegraded: false };
        if (!ledShows && !_notifier.IsEnabled)
            return false;
        if (ledShows)
            LogShowing(_log, _path);
        else
            LogWaiting(_log, _path);
        _notifier.Ready(_health.Summary());
        return true;
    }

    /// <summary>
    /// Waits until the file holds a valid config and returns it, or returns null when
    /// <paramref name="stop"/> fires (SIGTERM, Ctrl+C). Each new attempt that is still wrong is
    /// reported again, so the journal shows what is left to fix.
    /// </summary>
    public async Task<EdgeConfig?> WaitForFixAsync(CancellationToken stop)
    {
        var watchdog = _watchdog.Interval;
        var tick = watchdog is { } w && w / 2 < PollInterval ? w / 2 : PollInterval;
        if (watchdog is not null)
            _notifier.Watchdog();
        using var timer = new PeriodicTimer(tick, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                if (watchdog is not null)
                    _notifier.Watchdog();
                var stamp = FileStamp.Of(_path);
                if (stamp == _stamp)
                    continue;
                _stamp = stamp;
                var result = ConfigLoader.LoadFile(_path);
                if (result.IsValid)
                {
                    LogFixed(_log, _path);
                    return result.Config;
                }
                foreach (var error in result.Errors)
                    LogStillWrong(_log, error.ToString());
                _health.SetFatalError(Describe(result.Errors));
                _notifier.Status(_health.Summary());
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        return null;
    }

    /// <summary>Turns the LEDs off and releases them (the daemon's own LED service takes them next).</summary>
    public void Dispose() => _leds?.Stop();

    private static string Describe(IReadOnlyList<ConfigError> errors) =>
        errors.Count switch
        {
            0 => "config error",
            1 => $"config error: {errors[0]}",
            _ => $"config error: {errors[0]} (and {errors.Count - 1} more)",
        };

    /// <summary>Enough to notice an edit: an editor's save changes the time, the size, or both.</summary>
    private readonly record struct FileStamp(bool Exists, DateTime LastWriteUtc, long Length)
    {
        public static FileStamp Of(string path)
        {
            var info = new FileInfo(path);
            return info.Exists ? new FileStamp(true, info.LastWriteTimeUtc, info.Length) : default;
        }
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Error, Message = "the status LED fast-blinks until {Path} is fixed; edge starts by itself once the file is valid (or stop it: systemctl stop edge)")]
    private static partial void LogShowing(ILogger logger, string path);

    [LoggerMessage(EventId = 23, Level = LogLevel.Error, Message = "edge waits until {Path} is fixed and starts by itself once the file is valid (or stop it: systemctl stop edge)")]
    private static partial void LogWaiting(ILogger logger, string path);

    [LoggerMessage(EventId = 21, Level = LogLevel.Error, Message = "still wrong: {Error}")]
    private static partial void LogStillWrong(ILogger logger, string error);

    [LoggerMessage(EventId = 22, Level = LogLevel.Information, Message = "{Path} is valid now; starting")]
    private static partial void LogFixed(ILogger logger, string path);
}
