namespace Edge.Config;

/// <summary><c>[leds]</c>: status LEDs on GPIO lines.</summary>
public sealed record LedsConfig
{
    /// <summary>The GPIO chip: a path (<c>/dev/gpiochip0</c>), a name (<c>gpiochip0</c>) or a label (<c>pinctrl-bcm2835</c>).</summary>
    public string Chip { get; init; } = "gpiochip0";

    /// <summary>True when the LEDs light with the line low (wired from 3.3 V through the LED to the pin).</summary>
    public bool ActiveLow { get; init; }

    public GpioLineRef? Status { get; init; }

    public GpioLineRef? Upstream { get; init; }

    public GpioLineRef? Clients { get; init; }
}
