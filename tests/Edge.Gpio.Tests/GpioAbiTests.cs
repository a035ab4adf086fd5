using System.Runtime.CompilerServices;
using Edge.Tests.Shared;
using Uapi = Interop.Gpio;

namespace Edge.Gpio.Tests;

/// <summary>
/// Every struct, field, ioctl number, flag and id that Edge.Gpio declares, against the
/// linux/gpio.h each target ABI compiles with.
/// </summary>
public sealed class GpioAbiTests
{
    private static readonly string[] Headers = ["linux/gpio.h"];

    [Theory]
    [MemberData(nameof(CAbiProbe.AllAbis), MemberType = typeof(CAbiProbe))]
    public void StructSizes_MatchTheHeader(CAbi abi) => Check(abi,
    [
        ("sizeof(struct gpiochip_info)", Unsafe.SizeOf<Uapi.gpiochip_info>()),
        ("sizeof(struct gpio_v2_line_attribute)", Unsafe.SizeOf<Uapi.gpio_v2_line_attribute>()),
        ("sizeof(struct gpio_v2_line_config_attribute)", Unsafe.SizeOf<Uapi.gpio_v2_line_config_attribute>()),
        ("sizeof(((struct gpio_v2_line_config*)0)->attrs)", Unsafe.SizeOf<Uapi.gpio_v2_line_config_attribute_array>()),
        ("sizeof(struct gpio_v2_line_config)", Unsafe.SizeOf<Uapi.gpio_v2_line_config>()),
        ("sizeof(struct gpio_v2_line_request)", Unsafe.SizeOf<Uapi.gpio_v2_line_request>()),
        ("sizeof(struct gpio_v2_line_values)", Unsafe.SizeOf<Uapi.gpio_v2_line_values>()),
        ("sizeof(struct gpio_v2_line_info)", Unsafe.SizeOf<Uapi.gpio_v2_line_info>()),
        ("sizeof(((struct gpio_v2_line_info*)0)->attrs)", Unsafe.SizeOf<Uapi.gpio_v2_line_attribute_array>()),
        ("sizeof(struct gpio_v2_line_event)", Unsafe.SizeOf<Uapi.gpio_v2_line_event>()),
    ]);

    [Theory]
    [MemberData(nameof(CAbiProbe.AllAbis), MemberType = typeof(CAbiProbe))]
    public unsafe void ChipInfoAndValuesOffsets_MatchTheHeader(CAbi abi)
    {
        var chip = default(Uapi.gpiochip_info);
        var c = (byte*)&chip;
        var values = default(Uapi.gpio_v2_line_values);
        var v = (byte*)&values;
        Check(abi,
        [
            ("offsetof(struct gpiochip_info, name)", chip.name - c),
            ("offsetof(struct gpiochip_info, label)", chip.label - c),
            ("offsetof(struct gpiochip_info, lines)", (byte*)&chip.lines - c),
            ("offsetof(struct gpio_v2_line_values, bits)", (byte*)&values.bits - v),
            ("offsetof(struct gpio_v2_line_values, mask)", (byte*)&values.mask - v),
        ]);
    }

    [Theory]
    [MemberData(nameof(CAbiProbe.AllAbis), MemberType = typeof(CAbiProbe))]
    public unsafe void AttributeOffsets_MatchTheHeader(CAbi abi)
    {
        var attribute = default(Uapi.gpio_v2_line_attribute);
        var a = (byte*)&attribute;
        var configAttribute = default(Uapi.gpio_v2_line_config_attribute);
        var ca = (byte*)&configAttribute;
        Check(abi,
        [
            ("offsetof(struct gpio_v2_line_attribute, id)", (byte*)&attribute.id - a),
            ("offsetof(struct gpio_v2_line_attribute, padding)", (byte*)&attribute.padding - a),
            ("offsetof(struct gpio_v2_line_attribute, flags)", (byte*)&attribute.flags - a),
            ("offsetof(struct gpio_v2_line_attribute, values)", (byte*)&attribute.values - a),
            ("offsetof(struct gpio_v2_line_attribute, debounce_period_us)", (byte*)&attribute.debounce_period_us - a),
            ("offsetof(struct gpio_v2_line_config_attribute, attr)", (byte*)&configAttribute.attr - ca),
            ("offsetof(struct gpio_v2_line_config_attribute, mask)", (byte*)&configAttribute.mask - ca),
        ]);
    }

    [Theory]
    [MemberData(nameof(CAbiProbe.AllAbis), MemberType = typeof(CAbiProbe))]
    public unsafe void ConfigAndRequestOffsets_MatchTheHeader(CAbi abi)
    {
        var config = default(Uapi.gpio_v2_line_config);
        var c = (byte*)&config;
        var request = default(Uapi.gpio_v2_line_request);
        var r = (byte*)&request;
        Check(abi,
        [
            ("offsetof(struct gpio_v2_line_config, flags)", (byte*)&config.flags - c),
            ("offsetof(struct gpio_v2_line_config, num_attrs)", (byte*)&config.num_attrs - c),
            ("offsetof(struct gpio_v2_line_config, padding)", (byte*)config.padding - c),
            ("sizeof(((struct gpio_v2_line_config*)0)->padding)", sizeof(uint) * 5),
            ("offsetof(struct gpio_v2_line_config, attrs)", (byte*)&config.attrs - c),
            ("offsetof(struct gpio_v2_line_config, attrs[1])", (byte*)&config.attrs[1] - c),
            ("offsetof(struct gpio_v2_line_config, attrs[9].mask)", (byte*)&config.attrs[9].mask - c),
            ("offsetof(struct gpio_v2_line_request, offsets)", (byte*)request.offsets - r),
            ("sizeof(((struct gpio_v2_line_request*)0)->offsets)", sizeof(uint) * Uapi.GPIO_V2_LINES_MAX),
            ("offsetof(struct gpio_v2_line_request, consumer)", request.consumer - r),
            ("offsetof(struct gpio_v2_line_request, config)", (byte*)&request.config - r),
            ("offsetof(struct gpio_v2_line_request, config.attrs)", (byte*)&request.config.attrs - r),
            ("offsetof(struct gpio_v2_line_request, num_lines)", (byte*)&request.num_lines - r),
            ("offsetof(struct gpio_v2_line_request, event_buffer_size)", (byte*)&request.event_buffer_size - r),
            ("offsetof(struct gpio_v2_line_request, padding)", (byte*)request.padding - r),
            ("sizeof(((struct gpio_v2_line_request*)0)->padding)", sizeof(uint) * 5),
            ("offsetof(struct gpio_v2_line_request, fd)", (byte*)&request.fd - r),
        ]);
    }

    [Theory]
    [MemberData(nameof(CAbiProbe.AllAbis), MemberType = typeof(CAbiProbe))]
    public unsafe void InfoAndEventOffsets_MatchTheHeader(CAbi abi)
    {
        var info = default(Uapi.gpio_v2_line_info);
        var i = (byte*)&info;
        var lineEvent = default(Uapi.gpio_v2_line_event);
        var e = (byte*)&lineEvent;
        Check(abi,
        [
            ("offsetof(struct gpio_v2_line_info, name)", info.name - i),
            ("offsetof(struct gpio_v2_line_info, consumer)", info.consumer - i),
            ("offsetof(struct gpio_v2_line_info, offset)", (byte*)&info.offset - i),
            ("offsetof(struct gpio_v2_line_info, num_attrs)", (byte*)&info.num_attrs - i),
            ("offsetof(struct gpio_v2_line_info, flags)", (byte*)&info.flags - i),
            ("offsetof(struct gpio_v2_line_info, attrs)", (byte*)&info.attrs - i),
            ("offsetof(struct gpio_v2_line_info, attrs[9].debounce_period_us)", (byte*)&info.attrs[9].debounce_period_us - i),
            ("offsetof(struct gpio_v2_line_info, padding)", (byte*)info.padding - i),
            ("sizeof(((struct gpio_v2_line_info*)0)->padding)", sizeof(uint) * 4),
            ("offsetof(struct gpio_v2_line_event, timestamp_ns)", (byte*)&lineEvent.timestamp_ns - e),
            ("offsetof(struct gpio_v2_line_event, id)", (byte*)&lineEvent.id - e),
            ("offsetof(struct gpio_v2_line_event, offset)", (byte*)&lineEvent.offset - e),
            ("offsetof(struct gpio_v2_line_event, seqno)", (byte*)&lineEvent.seqno - e),
            ("offsetof(struct gpio_v2_line_event, line_seqno)", (byte*)&lineEvent.line_seqno - e),
            ("offsetof(struct gpio_v2_line_event, padding)", (byte*)lineEvent.padding - e),
            ("sizeof(((struct gpio_v2_line_event*)0)->padding)", sizeof(uint) * 6),
        ]);
    }

    [Theory]
    [MemberData(nameof(CAbiProbe.AllAbis), MemberType = typeof(CAbiProbe))]
    public void IoctlNumbers_MatchTheHeader(CAbi abi) => Check(abi,
    [
        ("GPIO_GET_CHIPINFO_IOCTL", Uapi.GPIO_GET_CHIPINFO_IOCTL),
        ("GPIO_V2_GET_LINEINFO_IOCTL", Uapi.GPIO_V2_GET_LINEINFO_IOCTL),
        ("GPIO_V2_GET_LINE_IOCTL", Uapi.GPIO_V2_GET_LINE_IOCTL),
        ("GPIO_V2_LINE_SET_CONFIG_IOCTL", Uapi.GPIO_V2_LINE_SET_CONFIG_IOCTL),
        ("GPIO_V2_LINE_GET_VALUES_IOCTL", Uapi.GPIO_V2_LINE_GET_VALUES_IOCTL),
        ("GPIO_V2_LINE_SET_VALUES_IOCTL", Uapi.GPIO_V2_LINE_SET_VALUES_IOCTL),
    ]);

    [Theory]
    [MemberData(nameof(CAbiProbe.AllAbis), MemberType = typeof(CAbiProbe))]
    public void Constants_MatchTheHeader(CAbi abi) => Check(abi,
    [
        ("GPIO_MAX_NAME_SIZE", Uapi.GPIO_MAX_NAME_SIZE),
        ("GPIO_V2_LINES_MAX", Uapi.GPIO_V2_LINES_MAX),
        ("GPIO_V2_LINE_NUM_ATTRS_MAX", Uapi.GPIO_V2_LINE_NUM_ATTRS_MAX),
        ("GPIO_V2_LINE_ATTR_ID_FLAGS", (long)Uapi.gpio_v2_line_attr_id.GPIO_V2_LINE_ATTR_ID_FLAGS),
        ("GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES", (long)Uapi.gpio_v2_line_attr_id.GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES),
        ("GPIO_V2_LINE_ATTR_ID_DEBOUNCE", (long)Uapi.gpio_v2_line_attr_id.GPIO_V2_LINE_ATTR_ID_DEBOUNCE),
        ("GPIO_V2_LINE_EVENT_RISING_EDGE", (long)Uapi.gpio_v2_line_event_id.GPIO_V2_LINE_EVENT_RISING_EDGE),
        ("GPIO_V2_LINE_EVENT_FALLING_EDGE", (long)Uapi.gpio_v2_line_event_id.GPIO_V2_LINE_EVENT_FALLING_EDGE),
    ]);

    [Theory]
    [MemberData(nameof(CAbiProbe.AllAbis), MemberType = typeof(CAbiProbe))]
    public void LineFlags_MatchTheHeader(CAbi abi)
    {
        // Every declared flag, by its C name (the enum's member names are the C names).
        var flags = Enum.GetValues<Uapi.gpio_v2_line_flag>().Where(f => f != Uapi.gpio_v2_line_flag.None).ToArray();
        Check(abi, [.. flags.Select(f => (f.ToString(), (long)(ulong)f))]);
    }

    [Fact]
    public void RuntimeCheck_AgreesWithTheHeaders()
    {
        Assert.True(GpioAbi.Verify(out var error), error);
        GpioAbi.ThrowIfInvalid();
    }

    private static void Check(CAbi abi, (string Expression, long Actual)[] items)
    {
        var expected = CAbiProbe.Evaluate(abi, Headers, items.Select(i => i.Expression).ToArray());
        var mismatches = items
            .Select((item, index) => (item.Expression, item.Actual, Expected: expected[index]))
            .Where(m => m.Actual != m.Expected)
            .Select(m => $"{m.Expression}: C# {m.Actual}, C {m.Expected}")
            .ToArray();
        Assert.True(mismatches.Length == 0, $"{abi}: " + string.Join("; ", mismatches));
    }
}
