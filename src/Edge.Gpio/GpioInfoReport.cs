using System.Globalization;
using System.Text;

namespace Edge.Gpio;

/// <summary>
/// <c>edge gpio</c>: every chip and every line, like libgpiod's <c>gpioinfo</c>, so a person can
/// pick the lines for <c>[leds]</c> and <c>[button]</c> by the names this board gives them.
/// </summary>
public static class GpioInfoReport
{
    /// <summary>Exit code: every chip was listed.</summary>
    public const int Success = 0;

    /// <summary>Exit code: no chips, or a chip could not be read (the text says why).</summary>
    public const int Failure = 1;

    /// <summary>
    /// Writes the report and returns <see cref="Success"/>, or <see cref="Failure"/> when there is
    /// no chip or one could not be opened (no permission: the <c>gpio</c> group).
    /// </summary>
    /// <example>
    /// <code>
    /// gpiochip0 [pinctrl-bcm2711] (58 lines) /dev/gpiochip0
    ///   line   0: "ID_SDA"   unused   input  active-high
    ///   line  17: "GPIO17"   "edge"   output active-high  used
    /// </code>
    /// </example>
    public static int Write(TextWriter output, string devDirectory = GpioChip.DefaultDevDirectory)
    {
        ArgumentNullException.ThrowIfNull(output);
        var paths = GpioChip.EnumerateChipPaths(devDirectory);
        if (paths.Count == 0)
        {
            output.WriteLine(
                $"no GPIO chips found in {devDirectory}: there is no {Path.Combine(devDirectory, "gpiochip")}N device node. "
                + "This board or kernel offers no GPIO character device (Linux 5.10+ with CONFIG_GPIO_CDEV), "
                + "or /dev is not the host's (a container without the devices passed in).");
            return Failure;
        }

        var result = Success;
        var permissionDenied = false;
        foreach (var path in paths)
        {
            try
            {
                using var chip = GpioChip.OpenPath(path, devDirectory, describeOnError: false);
                WriteChip(output, chip);
            }
            catch (GpioException e)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(path)}: {e.Message}"));
                permissionDenied |= e.IsPermissionDenied;
                result = Failure;
            }
        }
        if (permissionDenied)
        {
            output.WriteLine(
                "Some chips could not be opened: add your user to the \"gpio\" group (sudo usermod -aG gpio $USER, "
                + "then log in again), or run edge gpio with sudo.");
        }
        return result;
    }

    private static void WriteChip(TextWriter output, GpioChip chip)
    {
        output.WriteLine($"{chip.Info} {chip.Path}");
        var lines = chip.GetLineInfos();
        var nameWidth = 2;
        var consumerWidth = 6;
        foreach (var line in lines)
        {
            nameWidth = Math.Max(nameWidth, line.Name.Length + 2);
            consumerWidth = Math.Max(consumerWidth, line.Consumer.Length + 2);
        }
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.Clear();
            text.Append(CultureInfo.InvariantCulture, $"  line {line.Offset,3}: ");
            text.Append((line.Name.Length > 0 ? $"\"{line.Name}\"" : "unnamed").PadRight(nameWidth)).Append(' ');
            var consumer = line.Consumer.Length > 0 ? $"\"{line.Consumer}\"" : line.IsUsed ? "kernel" : "unused";
            text.Append(consumer.PadRight(consumerWidth)).Append(' ');
            text.Append(line.Direction == GpioLineDirection.Output ? "output" : "input ").Append(' ');
            text.Append(line.ActiveLow ? "active-low " : "active-high");
            if (line.IsUsed)
                text.Append("  used");
            if (line.Bias != GpioLineBias.AsIs)
            {
                text.Append(line.Bias switch
                {
                    GpioLineBias.PullUp => "  pull-up",
                    GpioLineBias.PullDown => "  pull-down",
                    _ => "  bias-disabled",
                });
            }
            if (line.Drive != GpioLineDrive.PushPull)
                text.Append(line.Drive == GpioLineDrive.OpenDrain ? "  open-drain" : "  open-source");
            if (line.Edges != GpioLineEdges.None)
            {
                text.Append(line.Edges switch
                {
                    GpioLineEdges.Both => "  both-edges",
                    GpioLineEdges.Rising => "  rising-edge",
                    _ => "  falling-edge",
                });
            }
            if (line.Debounce is { } debounce)
                text.Append(CultureInfo.InvariantCulture, $"  debounce={debounce.TotalMilliseconds:0.###}ms");
            output.WriteLine(text.ToString().TrimEnd());
        }
    }
}
