using Edge.Config;
using Edge.Reload;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tmds.DBus.Protocol;

namespace Edge.Mdns;

/// <summary>
/// Announces the cameras (<c>_rtsp._tcp</c>) and the status page (<c>_http._tcp</c>) over mDNS /
/// DNS-SD through avahi-daemon while <c>[mdns] enabled</c>, so the box is found as NAME.local
/// with its streams listed. A reload that changes what is announced (a camera added, removed or
/// renamed, a port) updates the announcements in place; one that changes nothing announced
/// leaves them alone.
/// </summary>
internal sealed class MdnsService : IHostedService, IReloadable, IAsyncDisposable
{
    /// <summary>The parts of the config announcements are made from.</summary>
    private const ConfigSections AnnouncedFrom = ConfigSections.Mdns | ConfigSections.Rtsp | ConfigSections.Http | ConfigSections.CameraList;

    private readonly CurrentConfig _current;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private AvahiPublisher? _publisher;
    private CancellationTokenSource? _stopping;
    private Task _loop = Task.CompletedTask;

    public MdnsService(CurrentConfig current, TimeProvider time, ILoggerFactory loggers)
    {
        _current = current;
        _time = time;
        _log = loggers.CreateLogger("Edge.Mdns");
    }

    public Task StartAsync(CancellationToken cancellationToken) => ApplyAsync(_current.Value);

    public Task StopAsync(CancellationToken cancellationToken) => StopPublishingAsync();

    public Task ApplyAsync(EdgeConfig next, ConfigDifference difference, CancellationToken cancellationToken) =>
        (difference.Affected & AnnouncedFrom) == 0 ? Task.CompletedTask : ApplyAsync(next);

    public async ValueTask DisposeAsync()
    {
        await StopPublishingAsync().ConfigureAwait(false);
    }

    private async Task ApplyAsync(EdgeConfig config)
    {
        if (!config.Mdns.Enabled)
        {
            await StopPublishingAsync().ConfigureAwait(false);
            MdnsLog.Off(_log, "[mdns] enabled = false");
            return;
        }
        var plan = MdnsPlan.For(config);
        foreach (var left in plan.NotAnnounced)
            MdnsLog.NotAnnouncing(_log, left);
        if (plan.Services.Count == 0)
        {
            await StopPublishingAsync().ConfigureAwait(false);
            MdnsLog.Off(_log, "nothing to announce");
            return;
        }
        if (_publisher is { } running)
        {
            if (!running.Plan.SameServicesAs(plan))
                running.Update(plan);
            return;
        }
        // DBusAddress.System: $DBUS_SYSTEM_BUS_ADDRESS, or the standard socket.
        var publisher = new AvahiPublisher(plan, DBusAddress.System ?? "unix:path=/run/dbus/system_bus_socket", _time, _log);
        var stopping = new CancellationTokenSource();
        _publisher = publisher;
        _stopping = stopping;
        _loop = Task.Run(() => publisher.RunAsync(stopping.Token), CancellationToken.None);
    }

    private async Task StopPublishingAsync()
    {
        if (_stopping is not { } stopping)
            return;
        await stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        stopping.Dispose();
        _stopping = null;
        _publisher = null;
        _loop = Task.CompletedTask;
    }
}
