using System.Diagnostics.CodeAnalysis;
using Edge.Config;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Reload;

/// <summary>
/// Runs a service that is built from one part of the config (the RTSP server, the web server,
/// GPIO, the display, MQTT) and restarts it, alone, when a reload changes that part: the running
/// instance is stopped and disposed, and a new one is built with the new config and started.
/// </summary>
/// <remarks>
/// The services themselves read their config once, in their constructor, as they always did; a
/// restart is a new instance, so none of them needs to know about reloads. The other services'
/// instances, and the cameras behind them, are not touched.
/// </remarks>
internal sealed class SectionService<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TService>
    : IHostedService, IReloadable, IAsyncDisposable
    where TService : class, IHostedService
{
    private readonly IServiceProvider _services;
    private readonly CurrentConfig _current;
    private readonly ConfigSections _restartOn;
    private readonly Func<EdgeConfig, bool>? _isUsedBy;
    private TService? _running;
    private EdgeConfig? _runningWith;

    /// <param name="services">Where the service's other dependencies come from.</param>
    /// <param name="current">The config it is first built with.</param>
    /// <param name="restartOn">The parts of the config the service is built from.</param>
    /// <param name="isUsedBy">
    /// Whether a config asks for the service at all (MQTT: an <c>[mqtt]</c> table), or null when
    /// every config does. A service that neither the running config nor the new one uses does
    /// nothing either way, so a change of the tables it reads does not restart it.
    /// </param>
    public SectionService(IServiceProvider services, CurrentConfig current, ConfigSections restartOn, Func<EdgeConfig, bool>? isUsedBy = null)
    {
        _services = services;
        _current = current;
        _restartOn = restartOn;
        _isUsedBy = isUsedBy;
    }

    /// <summary>The parts of the config whose change restarts this service.</summary>
    public ConfigSections RestartOn => _restartOn;

    public string Name => typeof(TService).Name;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _runningWith = _current.Value;
        _running = Create(_runningWith);
        return _running.StartAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        _running?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    public async Task ApplyAsync(EdgeConfig next, ConfigDifference difference, CancellationToken cancellationToken)
    {
        if ((difference.Affected & _restartOn) == 0)
            return;
        if (_isUsedBy is { } isUsedBy && !isUsedBy(next) && (_runningWith is null || !isUsedBy(_runningWith)))
            return;
        ReloadLog.SectionRestarting(_services.GetRequiredService<ILoggerFactory>().CreateLogger("Edge.Reload"), Name);
        if (_running is { } old)
        {
            await old.StopAsync(cancellationToken).ConfigureAwait(false);
            await DisposeAsync(old).ConfigureAwait(false);
        }
        _runningWith = next;
        _running = Create(next);
        await _running.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_running is { } running)
            await DisposeAsync(running).ConfigureAwait(false);
        _running = null;
    }

    // The explicit config wins over the startup config registered in the container.
    private TService Create(EdgeConfig config) => ActivatorUtilities.CreateInstance<TService>(_services, config);

    private static async ValueTask DisposeAsync(TService service)
    {
        if (service is IAsyncDisposable asyncDisposable)
            await asyncDisposable.DisposeAsync().ConfigureAwait(false);
        else if (service is IDisposable disposable)
            disposable.Dispose();
    }
}
