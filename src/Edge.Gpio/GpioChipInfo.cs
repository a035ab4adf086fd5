namespace Edge.Gpio;

/// <summary>What a GPIO chip says about itself (gpiochip_info).</summary>
/// <param name="Path">The device node it was opened by, <c>/dev/gpiochip0</c>.</param>
/// <param name="Name">The kernel's name, <c>gpiochip0</c>.</param>
/// <param name="Label">The driver's label, <c>pinctrl-bcm2711</c>; may be empty.</param>
/// <param name="LineCount">Lines on the chip.</param>
public sealed record GpioChipInfo(string Path, string Name, string Label, int LineCount)
{
    /// <summary>"gpiochip0 [pinctrl-bcm2711] (58 lines)", as gpiodetect prints it.</summary>
    public override string ToString() =>
        Label.Length > 0 ? $"{Name} [{Label}] ({LineCount} lines)" : $"{Name} ({LineCount} lines)";
}
