namespace Edge.Gpio.Buttons;

/// <summary>What a press of the button meant.</summary>
public enum ButtonPress
{
    None,

    /// <summary>Released before the long-press time: force a keyframe and reconnect the pushes.</summary>
    Short,

    /// <summary>Held for the long-press time (raised while still held): restart the pipeline.</summary>
    Long,
}
