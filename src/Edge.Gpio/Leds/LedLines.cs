using System.Globalization;
using System.Text;
using Edge.Config;
using Microsoft.Extensions.Logging;

namespace Edge.Gpio.Leds;

/// <summary>Opens the <c>[leds]</c> lines on their chip as one output request.</summary>
internal static class LedLines
{
    public static IGpioOutputLines Open(
        string chipName, bool activeLow, IReadOnlyList<(LedRole Role, GpioLineRef Line)> leds, string devDirectory, ILogger logger)
    {
        using var chip = GpioChip.Open(chipName, devDirectory);
        var offsets = new int[leds.Count];
        var description = new StringBuilder();
        for (var i = 0; i < leds.Count; i++)
        {
            GpioLineInfo line;
            try
            {
                line = chip.FindLine(leds[i].Line);
            }
            catch (GpioException e)
            {
                throw new GpioException($"leds.{RoleKey(leds[i].Role)}: {e.Message}", chip.Name, e.Errno, e);
            }
            offsets[i] = line.Offset;
            if (description.Length > 0)
                description.Append(", ");
            description.Append(CultureInfo.InvariantCulture, $"{RoleKey(leds[i].Role)} {line.DisplayName} (line {line.Offset})");
        }
        var lines = chip.RequestOutputs(offsets, activeLow);
        GpioLog.LedsStarted(logger, chip.Info.ToString(), description.ToString(), activeLow);
        return lines;
    }

    private static string RoleKey(LedRole role) => role switch
    {
        LedRole.Status => "status",
        LedRole.Upstream => "upstream",
        _ => "clients",
    };
}
