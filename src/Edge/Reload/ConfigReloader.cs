using Edge.Config;
using Edge.Hosting;
using Edge.Media.Health;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Reload;

/// <summary>
/// Reloads the config file on SIGHUP (<c>systemctl reload edge</c>), or when it is saved with
/// <c>[reload] on_save</c> (<see cref="ConfigFileWatcher"/>), and applies it as a
/// difference: each service restarts only what changed. A file with any error is refused as a
/// whole and the running config stays; the errors, located, go to the log, the status page and
/// systemd's status line.
/// </summary>
/// <remarks>
/// SIGHUP (<see cref="HangupSignal"/>) and a saved file only queue a request; reloads run one at a time on this service's loop,
/// and signals that arrive during a reload fold into one more reload after it, which reads the
/// file as it is by then. systemd is told <c>RELOADING=1</c> at the start and <c>READY=1</c> at
/// the end, refused or not, as systemd 253's reload protocol expects.
/// </remarks>
internal sealed class ConfigReloader : BackgroundService
{
    private readonly string _path;
    private readonly CurrentConfig _current;
    private readonly IReadOnlyList<IReloadable> _services;
    private readonly ReloadNotices _notices;
    private readonly SystemdNotifications _systemd;
    private readonly HealthModel _health;
    private readonly LogLevelSwitch _logLevel;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly ReloadRequests _requests;

    /// <param name="source">The file to read again.</param>
    /// <param name="current">The running config, replaced when a reload is applied.</param>
    /// <param name="services">The services to apply a difference to, in the order they apply it (cameras before the pushes that read them).</param>
    /// <param name="notices">Where a refusal is kept for the status page.</param>
    /// <param name="systemd">systemd's notification socket.</param>
    /// <param name="health">The health summary sent with <c>READY=1</c>.</param>
    /// <param name="logLevel">The live log level.</param>
    /// <param name="time">The clock.</param>
    /// <param name="loggers">The log.</param>
    /// <param name="requests">Where reloads are asked for (SIGHUP through <see cref="HangupSignal"/>, a saved file); its own when none is given.</param>
    public ConfigReloader(ConfigSource source, CurrentConfig current, IEnumerable<IReloadable> services, ReloadNotices notices, SystemdNotifications systemd, HealthModel health, LogLevelSwitch logLevel, TimeProvider time, ILoggerFactory loggers, ReloadRequests? requests = null)
    {
        _requests = requests ?? new ReloadRequests();
        _path = source.Path;
        _current = current;
        _services = [.. services];
        _notices = notices;
        _systemd = systemd;
        _health = health;
        _logLevel = logLevel;
        _time = time;
        _log = loggers.CreateLogger("Edge.Reload");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                var trigger = await _requests.NextAsync(stoppingToken).ConfigureAwait(false);
                await ReloadAsync(stoppingToken, trigger).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; a reload cut short here is as good as one never asked for.
        }
    }

    /// <summary>Reads the file and applies it, or refuses it; returns whether it was applied.</summary>
    internal async Task<bool> ReloadAsync(CancellationToken stoppingToken, string trigger = "SIGHUP")
    {
        var started = _time.GetTimestamp();
        ReloadLog.Reloading(_log, _path, trigger);
        _systemd.Reloading("reloading the config");
        var result = ConfigLoader.LoadFile(_path);
        if (!result.IsValid)
        {
            var refusal = new ReloadRefusal(_path, result.Errors.Select(e => e.ToString()).ToArray(), _time.GetUtcNow());
            foreach (var error in refusal.Errors)
                ReloadLog.RefusedError(_log, error);
            ReloadLog.Refused(_log, _path, refusal.Errors.Count);
            _notices.Refused(refusal);
            _systemd.Ready(refusal.Summary + "; " + _health.Summary());
            return false;
        }

        var next = result.Config;
        var difference = ConfigDifference.Between(_current.Value, next);
        _notices.Applied();
        if (difference.IsEmpty)
        {
            ReloadLog.Unchanged(_log, _path);
            _systemd.Ready(_health.Summary());
            return true;
        }

        ReloadLog.Applying(_log, Describe(difference, next));
        _current.Replace(next);
        _logLevel.Set(next.Log.Level);
        foreach (var service in _services)
        {
            try
            {
                await service.ApplyAsync(next, difference, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The boundary of one service's reload: the others still get theirs.
                ReloadLog.ServiceFailed(_log, service.GetType().Name, e.Message);
            }
        }
        ReloadLog.Applied(_log, _time.GetElapsedTime(started));
        _systemd.Ready(_health.Summary());
        return true;
    }

    private static string Describe(ConfigDifference difference, EdgeConfig next)
    {
        var parts = new List<string>();
        if (difference.CamerasAdded.Count > 0)
            parts.Add("cameras added: " + string.Join(", ", difference.CamerasAdded.Select(c => c.Name)));
        if (difference.CamerasRemoved.Count > 0)
            parts.Add("cameras removed: " + string.Join(", ", difference.CamerasRemoved));
        if (difference.CamerasChanged.Count > 0)
            parts.Add("cameras changed: " + string.Join(", ", difference.CamerasChanged.Select(c => c.Name)));
        if (difference.PushesRemoved.Count > 0)
            parts.Add($"pushes stopped: {difference.PushesRemoved.Count}");
        if (difference.PushesAdded.Count > 0)
            parts.Add($"pushes started: {difference.PushesAdded.Count}");
        var tables = difference.SectionsChanged & ~ConfigSections.Log;
        if (tables != ConfigSections.None)
            parts.Add("tables changed: " + tables.ToString().ToLowerInvariant());
        if (difference.SectionsChanged.HasFlag(ConfigSections.Log))
            parts.Add("log level: " + next.Log.Level.ToString().ToLowerInvariant());
        return string.Join("; ", parts);
    }
}
