using Edge.Media.Health;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace Edge.Hosting;

/// <summary>
/// Keeps systemd informed: <c>READY=1</c> once every service has started, <c>STATUS=</c> when
/// the health summary changes, <c>WATCHDOG=1</c> while the pipeline makes progress, and
/// <c>STOPPING=1</c> on shutdown.
/// </summary>
/// <remarks>
/// Everything goes through <see cref="SystemdNotifications"/> whenever <c>$NOTIFY_SOCKET</c> is
/// set, whoever started edge, as sd_notify(3) does. When Microsoft.Extensions.Hosting.Systemd
/// recognises systemd as the parent, its <see cref="SystemdLifetime"/> is the host's lifetime and
/// already sends <c>READY=1</c> and <c>STOPPING=1</c>; then this service adds only the status.
/// The watchdog is pinged only while no camera pipeline is stalled: a hung capture or encoder
/// thread cannot be cured from inside, so we let systemd's watchdog restart the process. One
/// loop on a one-second tick does both status and watchdog work, so there is one timer for all.
/// </remarks>
internal sealed class SystemdNotifyService : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    /// <summary>A camera loop silent for longer than this is considered hung.</summary>
    private static readonly TimeSpan MinimumStallLimit = TimeSpan.FromSeconds(10);

    private readonly SystemdNotifications _notifier;
    private readonly SystemdWatchdog _watchdog;
    private readonly HealthModel _health;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly bool _lifetimeAnnouncesReadyAndStopping;
    private readonly TimeProvider _time;
    private readonly ILogger<SystemdNotifyService> _logger;
    private readonly Reload.ReloadNotices? _reloads;
    private int _statusDirty;

    public SystemdNotifyService(SystemdNotifications notifier, SystemdWatchdog watchdog, HealthModel health, IHostApplicationLifetime lifetime, IHostLifetime hostLifetime, TimeProvider time, ILogger<SystemdNotifyService> logger, Reload.ReloadNotices? reloads = null)
    {
        _reloads = reloads;
        _notifier = notifier;
        _watchdog = watchdog;
        _health = health;
        _lifetime = lifetime;
        _lifetimeAnnouncesReadyAndStopping = hostLifetime is SystemdLifetime;
        _time = time;
        _logger = logger;
        _health.Changed += () => Volatile.Write(ref _statusDirty, 1);
        if (reloads is not null)
            reloads.Changed += () => Volatile.Write(ref _statusDirty, 1);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // STOPPING=1 goes out as soon as shutdown begins, before any service stops.
        _lifetime.ApplicationStopping.Register(() =>
        {
            EdgeLog.Stopping(_logger);
            if (_lifetimeAnnouncesReadyAndStopping)
                _notifier.Status("stopping");
            else
                _notifier.Stopping("stopping");
        });
        await WaitForStartAsync(stoppingToken).ConfigureAwait(false);
        if (stoppingToken.IsCancellationRequested)
            return;

        var summary = _health.Summary();
        if (_lifetimeAnnouncesReadyAndStopping)
            _notifier.Status(summary);
        else
            _notifier.Ready(summary);
        EdgeLog.Ready(_logger, summary);

        var watchdog = _watchdog.Interval;
        var pingEvery = watchdog is { } w ? TimeSpan.FromTicks(Math.Max(w.Ticks / 2, TimeSpan.TicksPerMillisecond * 100)) : (TimeSpan?)null;
        var stallLimit = watchdog is { } limit && limit > MinimumStallLimit ? limit : MinimumStallLimit;
        if (watchdog is not null && pingEvery is not null)
        {
            EdgeLog.WatchdogEnabled(_logger, watchdog.Value, pingEvery.Value);
            _notifier.Watchdog();
        }

        var lastPing = _time.GetTimestamp();
        var withheld = false;
        using var timer = new PeriodicTimer(pingEvery is { } p && p < Tick ? p : Tick, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (Interlocked.Exchange(ref _statusDirty, 0) == 1)
                    _notifier.Status(StatusLine());

                if (pingEvery is null || _time.GetElapsedTime(lastPing) < pingEvery.Value)
                    continue;
                var stalled = _health.StalledCameras(stallLimit);
                if (stalled.Count == 0)
                {
                    _notifier.Watchdog();
                    lastPing = _time.GetTimestamp();
                    if (withheld)
                        EdgeLog.WatchdogResumed(_logger);
                    withheld = false;
                }
                else if (!withheld)
                {
                    EdgeLog.WatchdogWithheld(_logger, string.Join(", ", stalled), stallLimit);
                    withheld = true;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutdown: STOPPING=1 was sent by the ApplicationStopping callback.
        }
    }

    /// <summary>The health summary, after a refused reload's notice while there is one: the running config is not what the file says.</summary>
    private string StatusLine() =>
        _reloads?.Refusal is { } refused ? refused.Summary + "; " + _health.Summary() : _health.Summary();

    /// <summary>Waits until the host reports every hosted service started.</summary>
    private Task WaitForStartAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        stoppingToken.Register(() => started.TrySetResult());
        return started.Task;
    }
}
