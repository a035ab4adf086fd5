using System.Device.Gpio;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Edge.Gpio.Leds;

/// <summary>
/// The LEDs' lines, open as outputs on a <see cref="GpioController"/>: LED n is
/// <see cref="Pins"/>[n]. Disposing closes the pins (and the controller), which releases the lines.
/// </summary>
public sealed class LedOutputs : IDisposable
{
    private readonly GpioController _controller;
    private readonly int[] _pins;
    private readonly PinValuePair[] _pairs;

    /// <summary>Takes over <paramref name="controller"/>, on which every pin is open as an output.</summary>
    public LedOutputs(GpioController controller, IReadOnlyList<int> pins)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(pins);
        if (pins.Count > 64)
            throw new ArgumentOutOfRangeException(nameof(pins), pins.Count, "At most 64 LEDs.");
        _controller = controller;
        _pins = [.. pins];
        _pairs = new PinValuePair[_pins.Length];
    }

    /// <summary>The pins, in LED order.</summary>
    public IReadOnlyList<int> Pins => _pins;

    /// <summary>Sets the LEDs in <paramref name="mask"/> (bit n: LED n) to their bits in <paramref name="values"/>; 1 is lit.</summary>
    /// <exception cref="IOException">The lines can no longer be driven (chip gone).</exception>
    public void Write(ulong values, ulong mask)
    {
        var count = 0;
        for (var i = 0; i < _pins.Length; i++)
        {
            if ((mask & (1UL << i)) != 0)
                _pairs[count++] = new PinValuePair(_pins[i], (values & (1UL << i)) != 0 ? PinValue.High : PinValue.Low);
        }
        if (count > 0)
            _controller.Write(_pairs.AsSpan(0, count));
    }

    /// <inheritdoc />
    public void Dispose() => _controller.Dispose();

    /// <summary>
    /// Opens <paramref name="options"/>' chip through <see cref="GpioChardevDriver"/> and every
    /// LED's line as an output that starts dark, with the kernel's ACTIVE_LOW flag when the LEDs
    /// are wired active-low.
    /// </summary>
    /// <exception cref="GpioException">No such chip or line, a line is busy, or no permission; the message says which and how to fix it.</exception>
    public static LedOutputs Open(StatusLedOptions options, ILogger logger, string devDirectory = GpioChip.DefaultDevDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        var driver = GpioChardevDriver.Open(options.Chip, new GpioLineSettings { ActiveLow = options.ActiveLow }, devDirectory);
        var controller = new GpioController(driver);
        try
        {
            var pins = new int[options.Leds.Count];
            var description = new StringBuilder();
            for (var i = 0; i < pins.Length; i++)
            {
                var led = options.Leds[i];
                GpioLineInfo line;
                try
                {
                    line = driver.Chip.FindLine(led.Line);
                    controller.OpenPin(line.Offset, PinMode.Output, PinValue.Low);
                }
                catch (GpioException e)
                {
                    throw new GpioException($"{led.Setting}: {e.Message}", driver.Chip.Name, e.Errno, e);
                }
                pins[i] = line.Offset;
                if (description.Length > 0)
                    description.Append(", ");
                description.Append(CultureInfo.InvariantCulture, $"{LedController.RoleName(led.Role)} {line.DisplayName} (line {line.Offset})");
            }
            GpioLog.LedsStarted(logger, driver.Chip.Info.ToString(), description.ToString(), options.ActiveLow);
            return new LedOutputs(controller, pins);
        }
        catch
        {
            controller.Dispose();
            throw;
        }
    }
}
