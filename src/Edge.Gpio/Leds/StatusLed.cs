namespace Edge.Gpio.Leds;

/// <summary>One status LED.</summary>
/// <param name="Role">What it shows.</param>
/// <param name="Line">Its line on the chip.</param>
/// <param name="Setting">What its owner calls this choice, for messages (a config key, "leds.status").</param>
public sealed record StatusLed(LedRole Role, GpioLineId Line, string Setting);
