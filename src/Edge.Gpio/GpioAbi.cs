using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Edge.Gpio;

/// <summary>
/// A start-up check that the uAPI structs this build declares have the sizes and offsets the
/// kernel expects. They are identical on every ABI (linux/gpio.h uses only fixed-width types
/// and explicit padding), so the expected values are constants; tests compare the same values
/// with the C headers for x86_64, arm64 and armhf.
/// </summary>
public static class GpioAbi
{
    private static readonly Lazy<string?> Problem = new(Check);

    /// <summary>True when the layouts match; otherwise <paramref name="error"/> says which do not.</summary>
    public static bool Verify([NotNullWhen(false)] out string? error)
    {
        error = Problem.Value;
        return error is null;
    }

    /// <summary>Throws a <see cref="GpioException"/> if <see cref="Verify"/> fails.</summary>
    public static void ThrowIfInvalid()
    {
        if (!Verify(out var error))
            throw new GpioException(error);
    }

    private static unsafe string? Check()
    {
        var problems = new StringBuilder();
        Expect(problems, "sizeof(struct gpiochip_info)", Unsafe.SizeOf<Interop.Gpio.gpiochip_info>(), 68);
        Expect(problems, "sizeof(struct gpio_v2_line_attribute)", Unsafe.SizeOf<Interop.Gpio.gpio_v2_line_attribute>(), 16);
        Expect(problems, "sizeof(struct gpio_v2_line_config_attribute)", Unsafe.SizeOf<Interop.Gpio.gpio_v2_line_config_attribute>(), 24);
        Expect(problems, "sizeof(struct gpio_v2_line_config)", Unsafe.SizeOf<Interop.Gpio.gpio_v2_line_config>(), 272);
        Expect(problems, "sizeof(struct gpio_v2_line_request)", Unsafe.SizeOf<Interop.Gpio.gpio_v2_line_request>(), 592);
        Expect(problems, "sizeof(struct gpio_v2_line_values)", Unsafe.SizeOf<Interop.Gpio.gpio_v2_line_values>(), 16);
        Expect(problems, "sizeof(struct gpio_v2_line_info)", Unsafe.SizeOf<Interop.Gpio.gpio_v2_line_info>(), 256);
        Expect(problems, "sizeof(struct gpio_v2_line_event)", Unsafe.SizeOf<Interop.Gpio.gpio_v2_line_event>(), 48);

        var request = default(Interop.Gpio.gpio_v2_line_request);
        var requestStart = (byte*)&request;
        Expect(problems, "offsetof(struct gpio_v2_line_request, config)", (byte*)&request.config - requestStart, 288);
        Expect(problems, "offsetof(struct gpio_v2_line_request, config.attrs)", (byte*)&request.config.attrs - requestStart, 320);
        Expect(problems, "offsetof(struct gpio_v2_line_request, num_lines)", (byte*)&request.num_lines - requestStart, 560);
        Expect(problems, "offsetof(struct gpio_v2_line_request, fd)", (byte*)&request.fd - requestStart, 588);
        var info = default(Interop.Gpio.gpio_v2_line_info);
        var infoStart = (byte*)&info;
        Expect(problems, "offsetof(struct gpio_v2_line_info, flags)", (byte*)&info.flags - infoStart, 72);
        Expect(problems, "offsetof(struct gpio_v2_line_info, attrs)", (byte*)&info.attrs - infoStart, 80);
        var attribute = default(Interop.Gpio.gpio_v2_line_attribute);
        Expect(problems, "offsetof(struct gpio_v2_line_attribute, values)", (byte*)&attribute.values - (byte*)&attribute, 8);

        Expect(problems, "GPIO_GET_CHIPINFO_IOCTL", Interop.Gpio.GPIO_GET_CHIPINFO_IOCTL, 0x8044B401);
        Expect(problems, "GPIO_V2_GET_LINEINFO_IOCTL", Interop.Gpio.GPIO_V2_GET_LINEINFO_IOCTL, 0xC100B405);
        Expect(problems, "GPIO_V2_GET_LINE_IOCTL", Interop.Gpio.GPIO_V2_GET_LINE_IOCTL, 0xC250B407);
        Expect(problems, "GPIO_V2_LINE_SET_CONFIG_IOCTL", Interop.Gpio.GPIO_V2_LINE_SET_CONFIG_IOCTL, 0xC110B40D);
        Expect(problems, "GPIO_V2_LINE_GET_VALUES_IOCTL", Interop.Gpio.GPIO_V2_LINE_GET_VALUES_IOCTL, 0xC010B40E);
        Expect(problems, "GPIO_V2_LINE_SET_VALUES_IOCTL", Interop.Gpio.GPIO_V2_LINE_SET_VALUES_IOCTL, 0xC010B40F);

        return problems.Length == 0
            ? null
            : "this build's GPIO uAPI layout does not match linux/gpio.h (a build defect; GPIO is unusable): " + problems;
    }

    private static void Expect(StringBuilder problems, string what, long actual, long expected)
    {
        if (actual == expected)
            return;
        if (problems.Length > 0)
            problems.Append("; ");
        problems.Append(CultureInfo.InvariantCulture, $"{what} is {actual}, expected {expected}");
    }
}
