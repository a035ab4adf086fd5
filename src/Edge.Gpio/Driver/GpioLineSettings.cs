namespace Edge.Gpio;

/// <summary>
/// What <see cref="GpioChardevDriver"/> asks of the kernel for every line it requests, beyond
/// what <see cref="System.Device.Gpio.GpioController"/> can say: the active level, debounce,
/// the consumer name and the name of the thread that reads edges.
/// </summary>
public sealed record GpioLineSettings
{
    /// <summary>
    /// True when the line is active low (the kernel's ACTIVE_LOW line flag): values are logical,
    /// so <see cref="System.Device.Gpio.PinValue.High"/> is "active" (an LED lit, a button
    /// pressed) whatever the wiring, and a press on a button to ground is a rising edge.
    /// </summary>
    public bool ActiveLow { get; init; }

    /// <summary>For inputs: the kernel debounces the line (GPIO_V2_LINE_ATTR_ID_DEBOUNCE); zero for none.</summary>
    public TimeSpan Debounce { get; init; }

    /// <summary>The name the kernel shows as the lines' holder (gpioinfo's consumer).</summary>
    public string Consumer { get; init; } = "edge";

    /// <summary>The name of the thread that reads a line's edges and runs its callbacks.</summary>
    public string EventThreadName { get; init; } = "edge-gpio";
}
