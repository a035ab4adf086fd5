using System.Device.Gpio;
using Microsoft.Extensions.Logging;

namespace Edge.Gpio.Buttons;

/// <summary>
/// The button's line, open as an input on a <see cref="GpioController"/>. Disposing closes the
/// pin (and the controller), which releases the line.
/// </summary>
/// <param name="Controller">The controller the pin is open on; owned by this.</param>
/// <param name="Pin">The pin.</param>
public sealed record ButtonLine(GpioController Controller, int Pin) : IDisposable
{
    /// <inheritdoc />
    public void Dispose() => Controller.Dispose();

    /// <summary>
    /// Opens <paramref name="options"/>' chip through <see cref="GpioChardevDriver"/> and the line
    /// as an input with the kernel's debounce, the ACTIVE_LOW flag when the button is active low,
    /// and a pull-up (active low: button to ground) or pull-down (active high: button to 3.3 V)
    /// where the chip supports bias. Edges are read on the "edge-button" thread.
    /// </summary>
    /// <exception cref="GpioException">No such chip or line, the line is busy, or no permission.</exception>
    public static ButtonLine Open(ButtonOptions options, ILogger logger, string devDirectory = GpioChip.DefaultDevDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = new GpioLineSettings { ActiveLow = options.ActiveLow, Debounce = options.Debounce, EventThreadName = "edge-button" };
        var driver = GpioChardevDriver.Open(options.Chip, settings, devDirectory);
        var controller = new GpioController(driver);
        try
        {
            GpioLineInfo line;
            try
            {
                line = driver.Chip.FindLine(options.Line);
                controller.OpenPin(line.Offset, options.ActiveLow ? PinMode.InputPullUp : PinMode.InputPullDown);
            }
            catch (GpioException e)
            {
                throw new GpioException($"{options.Setting}: {e.Message}", driver.Chip.Name, e.Errno, e);
            }
            GpioLog.ButtonStarted(logger, driver.Chip.Info.ToString(), $"{line.DisplayName} ({line.Offset})", options.LongPress);
            return new ButtonLine(controller, line.Offset);
        }
        catch
        {
            controller.Dispose();
            throw;
        }
    }
}
