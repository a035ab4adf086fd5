using System.Device.Gpio;

namespace Edge.Gpio;

/// <summary>
/// Builds the line configuration (struct gpio_v2_line_config) for one line of a request from
/// what a <see cref="GpioController"/> says (mode, value, edges) and what it cannot say (active
/// level, debounce). Pure functions, tested without a kernel.
/// </summary>
internal static class GpioLineConfig
{
    /// <summary>
    /// The configuration for a line in <paramref name="mode"/> (null: direction left as it is).
    /// Edges and debounce apply to inputs only, as the kernel requires; an output starts at
    /// <paramref name="outputValue"/> (logical: with active-low, High is the low level).
    /// </summary>
    public static Interop.Gpio.gpio_v2_line_config Build(
        PinMode? mode, GpioLineSettings settings, PinEventTypes edges = PinEventTypes.None, PinValue? outputValue = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var config = default(Interop.Gpio.gpio_v2_line_config);
        var flags = settings.ActiveLow ? Interop.Gpio.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_ACTIVE_LOW : Interop.Gpio.gpio_v2_line_flag.None;
        var input = mode is PinMode.Input or PinMode.InputPullUp or PinMode.InputPullDown;
        if (mode == PinMode.Output)
        {
            flags |= Interop.Gpio.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_OUTPUT;
            ref var value = ref config.attrs[0];
            value.attr.id = Interop.Gpio.gpio_v2_line_attr_id.GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES;
            value.attr.values = outputValue == PinValue.High ? 1UL : 0UL;
            value.mask = 1;
            config.num_attrs = 1;
        }
        else if (input)
        {
            flags |= Interop.Gpio.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_INPUT;
            flags |= mode switch
            {
                PinMode.InputPullUp => Interop.Gpio.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_BIAS_PULL_UP,
                PinMode.InputPullDown => Interop.Gpio.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_BIAS_PULL_DOWN,
                _ => Interop.Gpio.gpio_v2_line_flag.None,
            };
            if ((edges & PinEventTypes.Rising) != 0)
                flags |= Interop.Gpio.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_EDGE_RISING;
            if ((edges & PinEventTypes.Falling) != 0)
                flags |= Interop.Gpio.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_EDGE_FALLING;
            if (settings.Debounce > TimeSpan.Zero)
            {
                // In hardware where the chip can debounce, otherwise in gpiolib.
                ref var debounce = ref config.attrs[0];
                debounce.attr.id = Interop.Gpio.gpio_v2_line_attr_id.GPIO_V2_LINE_ATTR_ID_DEBOUNCE;
                debounce.attr.debounce_period_us = (uint)Math.Clamp(Math.Ceiling(settings.Debounce.TotalMicroseconds), 1, uint.MaxValue);
                debounce.mask = 1;
                config.num_attrs = 1;
            }
        }
        config.flags = flags;
        return config;
    }
}
