using Edge.Config;
using Edge.Control;
using Edge.Gpio.Buttons;
using Edge.Gpio.Leds;
using Edge.Media.Health;
using Edge.Status;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Gpio;

/// <summary>
/// Runs the status LEDs and the button for the life of the host. GPIO is never a reason to stop
/// streaming: every problem (no chip, busy line, wrong ABI) is logged once and the daemon goes on
/// without that LED or button.
/// </summary>
internal sealed partial class GpioService : IHostedService
{
    private readonly EdgeConfig _config;
    private readonly HealthModel _health;
    private readonly DaemonControl _control;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly GpioState _state;
    private LedController? _leds;
    private ButtonWatcher? _button;

    public GpioService(EdgeConfig config, HealthModel health, DaemonControl control, TimeProvider time, ILoggerFactory loggers, StatusBoard? board = null)
    {
        _state = board?.Gpio ?? new GpioState();
        _config = config;
        _health = health;
        _control = control;
        _time = time;
        _log = loggers.CreateLogger("Edge.Gpio");
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_config.Leds is null && _config.Button is null)
            return Task.CompletedTask;
        var ledOptions = _config.Leds is { } leds ? GpioConfigMapping.ToOptions(leds) : null;
        var buttonOptions = _config.Button is { } button ? GpioConfigMapping.ToOptions(button) : null;
        if (!GpioAbi.Verify(out var abiError))
        {
            LogAbiMismatch(_log, abiError);
            _state.Unavailable(abiError, ledOptions, buttonOptions);
            return Task.CompletedTask;
        }

        if (ledOptions is not null)
        {
            _leds = LedController.Create(ledOptions, _health, _time, _log);
            _leds.Start();
            _state.LedsStarted(ledOptions, _leds);
        }
        if (buttonOptions is not null)
        {
            _button = ButtonWatcher.Create(buttonOptions, _time, _log);
            // The watcher raises these on its edge or timer thread; the actions only signal other services.
            _button.ShortPress += () =>
            {
                LogShortPress(_log);
                _state.Pressed("short", _time.GetUtcNow());
                _control.Refresh();
            };
            _button.LongPress += () =>
            {
                LogLongPress(_log);
                _state.Pressed("long", _time.GetUtcNow());
                _control.RestartPipelines();
            };
            _button.Start();
            _state.ButtonStarted(buttonOptions, _button);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        // Off after a clean shutdown: the controller turns every LED off as it releases them.
        _button?.Stop();
        _leds?.Stop();
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 5200, Level = LogLevel.Error, Message = "GPIO disabled: {Reason}")]
    private static partial void LogAbiMismatch(ILogger logger, string reason);

    [LoggerMessage(EventId = 5201, Level = LogLevel.Information, Message = "Button: short press; forcing keyframes and reconnecting pushes")]
    private static partial void LogShortPress(ILogger logger);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Information, Message = "Button: long press; restarting the camera pipelines")]
    private static partial void LogLongPress(ILogger logger);
}
