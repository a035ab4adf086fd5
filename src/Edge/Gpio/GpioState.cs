using Edge.Gpio.Buttons;
using Edge.Gpio.Leds;
using Edge.Status;

namespace Edge.Gpio;

/// <summary>
/// What the status page shows of the LEDs and the button. <see cref="GpioService"/> says here what
/// it started and when the button was pressed; the page reads the LEDs' patterns from their
/// controller as it asks, so nothing is posted per blink.
/// </summary>
internal sealed class GpioState
{
    private readonly Lock _lock = new();
    private StatusLedOptions? _ledOptions;
    private LedController? _leds;
    private ButtonOptions? _buttonOptions;
    private ButtonWatcher? _button;
    private string? _problem;
    private (string Kind, DateTimeOffset At)? _lastPress;

    /// <summary>The LEDs are driven by <paramref name="controller"/>.</summary>
    public void LedsStarted(StatusLedOptions options, LedController controller)
    {
        lock (_lock)
            (_ledOptions, _leds) = (options, controller);
    }

    /// <summary>The button is watched by <paramref name="watcher"/>.</summary>
    public void ButtonStarted(ButtonOptions options, ButtonWatcher watcher)
    {
        lock (_lock)
            (_buttonOptions, _button) = (options, watcher);
    }

    /// <summary>GPIO as a whole cannot be used here (<paramref name="reason"/>): the configured lines are shown as unavailable.</summary>
    public void Unavailable(string reason, StatusLedOptions? leds, ButtonOptions? button)
    {
        lock (_lock)
            (_problem, _ledOptions, _buttonOptions) = (reason, leds, button);
    }

    /// <summary>The button was pressed: <paramref name="kind"/> is "short" or "long".</summary>
    public void Pressed(string kind, DateTimeOffset at)
    {
        lock (_lock)
            _lastPress = (kind, at);
    }

    /// <summary>The LEDs and the button now; null when neither is configured (or GPIO has not started yet).</summary>
    public GpioStatus? Read()
    {
        lock (_lock)
        {
            if (_ledOptions is null && _buttonOptions is null)
                return null;
            var leds = new List<LedStatus>();
            if (_ledOptions is { } options)
            {
                var problem = _leds?.Problem ?? _problem;
                foreach (var led in options.Leds)
                {
                    var pattern = problem is null && _leds is { } controller ? controller.PatternOf(led.Role).Name : "unavailable";
                    leds.Add(new LedStatus(LedController.RoleName(led.Role), options.Chip, led.Line.ToString(), pattern, problem));
                }
            }
            ButtonStatus? button = null;
            if (_buttonOptions is { } buttonOptions)
                button = new ButtonStatus(buttonOptions.Chip, buttonOptions.Line.ToString(), _lastPress?.Kind, _lastPress?.At, _button?.Problem ?? _problem);
            return new GpioStatus(leds, button);
        }
    }
}
