namespace Edge.Gpio.Leds;

/// <summary>The status LEDs: on which chip, how they are wired, which line shows what.</summary>
/// <param name="Chip">The chip: a path (<c>/dev/gpiochip0</c>), a name (<c>gpiochip0</c>) or a label (<c>pinctrl-bcm2711</c>).</param>
/// <param name="ActiveLow">True when an LED lights with its line low (wired from 3.3 V through the LED to the pin).</param>
/// <param name="Leds">The LEDs, at most one per role.</param>
public sealed record StatusLedOptions(string Chip, bool ActiveLow, IReadOnlyList<StatusLed> Leds);
