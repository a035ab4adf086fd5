using Edge.Config;
using Edge.Gpio.Buttons;
using Edge.Gpio.Leds;

namespace Edge.Gpio;

/// <summary>
/// <c>[leds]</c> and <c>[button]</c> → the GPIO library's options. Each line carries its config
/// key, so the library's messages about it name what to fix in edge.toml.
/// </summary>
internal static class GpioConfigMapping
{
    public static StatusLedOptions ToOptions(LedsConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var leds = new List<StatusLed>();
        if (config.Status is { } status)
            leds.Add(new StatusLed(LedRole.Status, ToLineId(status), "leds.status"));
        if (config.Upstream is { } upstream)
            leds.Add(new StatusLed(LedRole.Upstream, ToLineId(upstream), "leds.upstream"));
        if (config.Clients is { } clients)
            leds.Add(new StatusLed(LedRole.Clients, ToLineId(clients), "leds.clients"));
        return new StatusLedOptions(config.Chip, config.ActiveLow, leds);
    }

    public static ButtonOptions ToOptions(ButtonConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new ButtonOptions(config.Chip, ToLineId(config.Line), "button.line", config.ActiveLow, config.Debounce, config.LongPress);
    }

    private static GpioLineId ToLineId(GpioLineRef line) => new(line.Name, line.Offset);
}
