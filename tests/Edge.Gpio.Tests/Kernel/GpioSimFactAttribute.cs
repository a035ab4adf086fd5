namespace Edge.Gpio.Tests.Kernel;

/// <summary>
/// A test against the kernel's gpio-sim chip, which exists only inside the emulated board: it
/// runs when tests/EmulatedBoard/scenarios/gpio-driver.sh names the chip in EDGE_GPIO_CHIP and
/// EDGE_GPIO_SYSFS, and is skipped everywhere else.
/// </summary>
public sealed class GpioSimFactAttribute : FactAttribute
{
    public GpioSimFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("EDGE_GPIO_CHIP"))
            || string.IsNullOrEmpty(Environment.GetEnvironmentVariable("EDGE_GPIO_SYSFS")))
            Skip = "needs a gpio-sim chip of the emulated board: EDGE_GPIO_CHIP and EDGE_GPIO_SYSFS are set by tests/EmulatedBoard/scenarios/gpio-driver.sh";
    }
}
