namespace Edge.Gpio.Buttons;

/// <summary>A push button on a GPIO line.</summary>
/// <param name="Chip">The chip: a path, a name or a label.</param>
/// <param name="Line">The button's line.</param>
/// <param name="Setting">What its owner calls this choice, for messages (a config key, "button.line").</param>
/// <param name="ActiveLow">True when a press pulls the line low (button to ground, with the pull-up on).</param>
/// <param name="Debounce">How long a level must hold to count; the kernel debounces for as long too.</param>
/// <param name="LongPress">How long a hold is a long press.</param>
public sealed record ButtonOptions(string Chip, GpioLineId Line, string Setting, bool ActiveLow, TimeSpan Debounce, TimeSpan LongPress);
