using System.Threading.Channels;
using Edge.Config;
using Edge.Media.Health;
using Edge.Rtsp;
using Edge.Status;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Display;

/// <summary>
/// Runs the OLED status display (<c>[display]</c>) for the life of the host. It redraws when the
/// health model changes and looks for new addresses every <see cref="AddressPoll"/> (a DHCP lease
/// arriving after boot raises no health event), never per frame. No panel is one log line, and
/// edge streams on.
/// </summary>
internal sealed class DisplayService : IHostedService, IDisposable
{
    /// <summary>How often addresses are looked at when nothing else changes.</summary>
    public static readonly TimeSpan AddressPoll = TimeSpan.FromSeconds(5);

    /// <summary>At most one redraw per this interval: a burst of changes (clients joining) becomes one.</summary>
    public static readonly TimeSpan MinRedrawInterval = TimeSpan.FromMilliseconds(250);

    private readonly EdgeConfig _config;
    private readonly HealthModel _health;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly Func<DisplayOptions, StatusDisplay?> _open;
    private readonly StatusCollector _collector;
    private readonly DisplayState _state;
    private readonly Channel<bool> _changed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public DisplayService(EdgeConfig config, HealthModel health, TimeProvider time, ILoggerFactory loggers, StatusBoard? board = null)
        : this(config, health, time, loggers, null, board?.Display)
    {
    }

    /// <summary>For tests: <paramref name="open"/> stands in for opening the real panel.</summary>
    internal DisplayService(EdgeConfig config, HealthModel health, TimeProvider time, ILoggerFactory loggers, Func<DisplayOptions, StatusDisplay?>? open, DisplayState? state = null)
    {
        _config = config;
        _health = health;
        _time = time;
        _log = loggers.CreateLogger("Edge.Display");
        _state = state ?? new DisplayState();
        _open = open ?? (options =>
        {
            var display = StatusDisplay.Open(options, _log, config.SourcePath ?? "/etc/edge/edge.toml", out var problem);
            if (problem is not null)
                _state.Failed(problem);
            return display;
        });
        // Memory and open files are not shown, so reading /proc on every redraw would be wasted.
        _collector = new StatusCollector(config, health, time, time.GetTimestamp(), Cli.Usage.Version, () => new Linux.Procfs.ProcessResources(-1, -1, -1, -1));
    }

    /// <summary>The panel as the status page names it.</summary>
    public static string DriverOf(DisplayOptions options) => $"SSD1306/SSD1309 128x64 OLED on I2C {options}";

    public static DisplayOptions OptionsFor(DisplayConfig display) =>
        new(display.Bus, display.Address, display.RotationDegrees == 180 ? DisplayRotation.UpsideDown : DisplayRotation.Normal);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_config.Display is not { } display)
            return Task.CompletedTask;
        var options = OptionsFor(display);
        _state.Opening(DriverOf(options));
        // Opening the panel is a few I2C writes; on the loop's thread it cannot delay the cameras.
        _loop = Task.Run(() => RunAsync(options, _stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
    }

    public void Dispose() => _stopping.Dispose();

    private async Task RunAsync(DisplayOptions options, CancellationToken stopping)
    {
        StatusDisplay? display = null;
        try
        {
            display = _open(options);
            if (display is null)
            {
                if (_state.Read() is { Problem: null })
                    _state.Failed("the panel could not be opened (see the log)");
                return; // already said why, once
            }
            _health.Changed += OnHealthChanged;
            while (!stopping.IsCancellationRequested)
            {
                var view = CurrentView();
                display.Show(view);
                _state.Shown(Rendering.StatusScreen.Text(view), display.Problem);
                await Task.Delay(MinRedrawInterval, _time, stopping).ConfigureAwait(false);
                using var poll = new CancellationTokenSource(AddressPoll - MinRedrawInterval, _time);
                using var pollOrStop = CancellationTokenSource.CreateLinkedTokenSource(poll.Token, stopping);
                try
                {
                    await _changed.Reader.ReadAsync(pollOrStop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
                {
                    // The poll interval passed with no change: look at the addresses again.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            // The loop's boundary: the display may give up, the daemon must not.
            DisplayServiceLog.Failed(_log, e);
            _state.Failed("stopped after an error: " + e.Message);
        }
        finally
        {
            _health.Changed -= OnHealthChanged;
            display?.Dispose(); // darkens the panel: a dark panel says edge is not running
        }
    }

    private StatusView CurrentView() =>
        DisplayViewBuilder.Build(_collector.Collect(System.Net.IPAddress.Loopback), _health.RtspClientsOf, Network.ReachableAddresses.OfThisHost(includeIPv6: true));

    private void OnHealthChanged() => _changed.Writer.TryWrite(true);
}
