namespace Edge.Config;

/// <summary><c>[button]</c>: a push button; a short press forces a keyframe and reconnects pushes, a long one restarts the pipeline.</summary>
public sealed record ButtonConfig
{
    /// <summary>The chip the button is on; defaults to the LEDs' chip.</summary>
    public string Chip { get; init; } = "gpiochip0";

    public required GpioLineRef Line { get; init; }

    /// <summary>True when a press pulls the line low (button to ground, the usual wiring).</summary>
    public bool ActiveLow { get; init; } = true;

    public TimeSpan Debounce { get; init; } = TimeSpan.FromMilliseconds(30);

    public TimeSpan LongPress { get; init; } = TimeSpan.FromSeconds(5);
}
