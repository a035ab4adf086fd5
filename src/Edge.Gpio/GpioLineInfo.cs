using System.Globalization;

namespace Edge.Gpio;

/// <summary>Which way a line is configured.</summary>
public enum GpioLineDirection
{
    Input,
    Output,
}

/// <summary>A line's pull resistor.</summary>
public enum GpioLineBias
{
    /// <summary>Whatever the hardware or firmware left (the kernel reports no bias flag).</summary>
    AsIs,
    PullUp,
    PullDown,
    Disabled,
}

/// <summary>The edges a line's holder asked the kernel to report.</summary>
[Flags]
public enum GpioLineEdges
{
    None = 0,
    Rising = 1,
    Falling = 2,
    Both = Rising | Falling,
}

/// <summary>How an output line drives its pin.</summary>
public enum GpioLineDrive
{
    PushPull,
    OpenDrain,
    OpenSource,
}

/// <summary>One line of a chip as the kernel reports it (gpio_v2_line_info).</summary>
/// <param name="Offset">The line's offset on its chip.</param>
/// <param name="Name">The line's name (<c>GPIO17</c>); empty when the chip names no lines.</param>
/// <param name="Consumer">Who holds the line (<c>edge</c>, <c>sysfs</c>); empty when free or unnamed.</param>
/// <param name="IsUsed">True when the line is requested by someone (a driver, sysfs, a process).</param>
/// <param name="Direction">Input or output.</param>
/// <param name="ActiveLow">True when the line's logical value is inverted.</param>
/// <param name="Bias">Pull resistor.</param>
/// <param name="Drive">Output drive.</param>
/// <param name="Edges">Edge detection its holder enabled.</param>
/// <param name="Debounce">Debounce period, when its holder set one.</param>
public sealed record GpioLineInfo(
    int Offset,
    string Name,
    string Consumer,
    bool IsUsed,
    GpioLineDirection Direction,
    bool ActiveLow,
    GpioLineBias Bias,
    GpioLineDrive Drive,
    GpioLineEdges Edges,
    TimeSpan? Debounce)
{
    /// <summary>The name if it has one, else the offset: how errors and logs call the line.</summary>
    public string DisplayName => Name.Length > 0 ? Name : Offset.ToString(CultureInfo.InvariantCulture);

    /// <summary>Decodes the kernel's struct.</summary>
    internal static unsafe GpioLineInfo FromNative(in Interop.Gpio.gpio_v2_line_info native)
    {
        string name, consumer;
        fixed (byte* namePointer = native.name)
            name = GpioStrings.Decode(new ReadOnlySpan<byte>(namePointer, Interop.Gpio.GPIO_MAX_NAME_SIZE));
        fixed (byte* consumerPointer = native.consumer)
            consumer = GpioStrings.Decode(new ReadOnlySpan<byte>(consumerPointer, Interop.Gpio.GPIO_MAX_NAME_SIZE));

        var flags = native.flags;
        TimeSpan? debounce = null;
        var count = Math.Min((int)native.num_attrs, Interop.Gpio.GPIO_V2_LINE_NUM_ATTRS_MAX);
        ReadOnlySpan<Interop.Gpio.gpio_v2_line_attribute> attributes = native.attrs;
        foreach (var attribute in attributes[..count])
        {
            if (attribute.id == Interop.Gpio.gpio_v2_line_attr_id.GPIO_V2_LINE_ATTR_ID_DEBOUNCE && attribute.debounce_period_us > 0)
                debounce = TimeSpan.FromMicroseconds(attribute.debounce_period_us);
        }

        return new GpioLineInfo(
            (int)native.offset,
            name,
            consumer,
            Has(flags, Interop.Gpio.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_USED),
            Has(flags, Interop.Gpio.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_OUTPUT) ? GpioLineDirection.Output : GpioLineDirection.Input,
            Has(flags, Interop.Gpio.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_ACTIVE_LOW),
            DecodeBias(flags),
            Has(flags, Interop.Gpio.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_OPEN_DRAIN) ? GpioLineDrive.OpenDrain
                : Has(flags, Interop.Gpio.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_OPEN_SOURCE) ? GpioLineDrive.OpenSource
                : GpioLineDrive.PushPull,
            (Has(flags, Interop.Gpio.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_EDGE_RISING) ? GpioLineEdges.Rising : GpioLineEdges.None)
                | (Has(flags, Interop.Gpio.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_EDGE_FALLING) ? GpioLineEdges.Falling : GpioLineEdges.None),
            debounce);
    }

    private static bool Has(Interop.Gpio.gpio_v2_line_flag flags, Interop.Gpio.gpio_v2_line_flag flag) => (flags & flag) != 0;

    private static GpioLineBias DecodeBias(Interop.Gpio.gpio_v2_line_flag flags) =>
        Has(flags, Interop.Gpio.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_BIAS_PULL_UP) ? GpioLineBias.PullUp
        : Has(flags, Interop.Gpio.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_BIAS_PULL_DOWN) ? GpioLineBias.PullDown
        : Has(flags, Interop.Gpio.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_BIAS_DISABLED) ? GpioLineBias.Disabled
        : GpioLineBias.AsIs;
}
