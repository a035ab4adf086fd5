using Edge.Config;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Reload;

/// <summary>
/// With <c>[reload] on_save = true</c>, reloads the config when its file is saved, through the
/// same path as SIGHUP. The file's directory is watched, not the file: editors save by writing a
/// new file and renaming it over the old one, which a watch on the old file would never see.
/// </summary>
/// <remarks>
/// One save is several events (create, write, rename), and a person may save twice in a row:
/// the reload is asked for once the file has been left alone for <see cref="Quiet"/>. Reloads
/// switch the watching on and off as <c>on_save</c> changes.
/// </remarks>
internal sealed class ConfigFileWatcher : IHostedService, IReloadable, IDisposable
{
    /// <summary>How long the file must be left alone before it is read.</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);

    private readonly string _path;
    private readonly string _directory;
    private readonly string _fileName;
    private readonly CurrentConfig _current;
    private readonly ReloadRequests _requests;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly Lock _lock = new();
    private FileSystemWatcher? _watcher;
    private ITimer? _quietPeriod;

    public ConfigFileWatcher(ConfigSource source, CurrentConfig current, ReloadRequests requests, TimeProvider time, ILoggerFactory loggers)
    {
        _path = Path.GetFullPath(source.Path);
        _directory = Path.GetDirectoryName(_path) ?? "/";
        _fileName = Path.GetFileName(_path);
        _current = current;
        _requests = requests;
        _time = time;
        _log = loggers.CreateLogger("Edge.Reload");
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_current.Value.Reload.OnSave)
            Watch();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Unwatch();
        return Task.CompletedTask;
    }

    public Task ApplyAsync(EdgeConfig next, ConfigDifference difference, CancellationToken cancellationToken)
    {
        if (!difference.SectionsChanged.HasFlag(ConfigSections.Reload))
            return Task.CompletedTask;
        if (next.Reload.OnSave)
        {
            Watch();
        }
        else if (Unwatch())
        {
            ReloadLog.NotWatching(_log, _path);
        }
        return Task.CompletedTask;
    }

    public void Dispose() => Unwatch();

    private void Watch()
    {
        lock (_lock)
        {
            if (_watcher is not null)
                return;
            try
            {
                var watcher = new FileSystemWatcher(_directory)
                {
                    NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
                    IncludeSubdirectories = false,
                };
                watcher.Changed += OnChanged;
                watcher.Created += OnChanged;
                watcher.Renamed += OnChanged;
                watcher.Error += OnError;
                watcher.EnableRaisingEvents = true;
                _watcher = watcher;
            }
            catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException or PlatformNotSupportedException)
            {
                ReloadLog.CannotWatch(_log, _directory, e.Message);
                return;
            }
        }
        ReloadLog.Watching(_log, _path, Quiet.TotalSeconds);
    }

    /// <summary>Stops watching; true if it was watching.</summary>
    private bool Unwatch()
    {
        lock (_lock)
        {
            var wasWatching = _watcher is not null;
            _watcher?.Dispose();
            _watcher = null;
            _quietPeriod?.Dispose();
            _quietPeriod = null;
            return wasWatching;
        }
    }

    private void OnChanged(object sender, FileSystemEventArgs e)
    {
        // A rename over the file (an editor's save) names the file as its new name.
        if (string.Equals(e.Name, _fileName, StringComparison.Ordinal))
            StartQuietPeriod();
    }

    /// <summary>The kernel dropped events (its queue overflowed): a reload reads the file as it is, so asking for one loses nothing.</summary>
    private void OnError(object sender, ErrorEventArgs e)
    {
        ReloadLog.WatchError(_log, _directory, e.GetException().Message);
        StartQuietPeriod();
    }

    /// <summary>Every event starts the quiet period again; only the end of the last one asks for the reload.</summary>
    private void StartQuietPeriod()
    {
        lock (_lock)
        {
            if (_watcher is null)
                return;
            _quietPeriod ??= _time.CreateTimer(static state => ((ReloadRequests)state!).Request("file saved"), _requests, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _quietPeriod.Change(Quiet, Timeout.InfiniteTimeSpan);
        }
    }
}
