namespace Edge.EndToEnd.Tests.Support;

/// <summary>
/// A test of what edge does on a machine with no GPIO chip: skipped (and reported as skipped)
/// where <c>/dev/gpiochip*</c> exists. Real chips are tested on the emulated board
/// (tests/EmulatedBoard/scenarios/gpio.sh).
/// </summary>
public sealed class NoGpioChipFactAttribute : FactAttribute
{
    public NoGpioChipFactAttribute()
    {
        if (Directory.Exists("/dev") && Directory.EnumerateFiles("/dev", "gpiochip*").Any())
            Skip = "this machine has /dev/gpiochip*: the test is for machines without GPIO (the emulated board's gpio scenario covers real chips)";
    }
}
