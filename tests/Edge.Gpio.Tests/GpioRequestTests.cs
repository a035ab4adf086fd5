using System.Device.Gpio;
using System.Runtime.InteropServices;
using System.Text;
using Uapi = Interop.Gpio;

namespace Edge.Gpio.Tests;

/// <summary>The structs handed to the kernel and read back from it, built and decoded without one.</summary>
public sealed unsafe class GpioRequestTests
{
    private static readonly GpioLineSettings ActiveLowButton = new() { ActiveLow = true, Debounce = TimeSpan.FromMilliseconds(30) };

    [Fact]
    public void Request_CarriesOffsetConsumerAndConfig_AndNothingElse()
    {
        var config = GpioLineConfig.Build(PinMode.Output, new GpioLineSettings { ActiveLow = true }, outputValue: PinValue.High);
        var request = GpioChip.NewRequest(17, config, "edge");

        Assert.Equal(1u, request.num_lines);
        Assert.Equal(17u, request.offsets[0]);
        Assert.Equal("edge\0", Encoding.ASCII.GetString(request.consumer, 5));
        Assert.Equal(
            Uapi.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_OUTPUT | Uapi.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_ACTIVE_LOW,
            request.config.flags);
        Assert.Equal(1u, request.config.num_attrs);
        Assert.Equal(Uapi.gpio_v2_line_attr_id.GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES, request.config.attrs[0].attr.id);
        Assert.Equal(1UL, request.config.attrs[0].attr.values);
        Assert.Equal(1UL, request.config.attrs[0].mask);
        Assert.Equal(64u, request.event_buffer_size);
        AssertZeroExcept(request, [(0, 4), (256, 5), (288, 8), (296, 4), (320, 4), (328, 8), (336, 8), (560, 8)]);
    }

    [Fact]
    public void AnOutputThatStartsLow_HasAZeroValue()
    {
        var config = GpioLineConfig.Build(PinMode.Output, new GpioLineSettings(), outputValue: PinValue.Low);
        Assert.Equal(Uapi.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_OUTPUT, config.flags);
        Assert.Equal(0UL, config.attrs[0].attr.values);
        Assert.Equal(1UL, config.attrs[0].mask);
    }

    [Fact]
    public void AnInputWithEdges_CarriesBiasEdgesActiveLowAndDebounce()
    {
        var config = GpioLineConfig.Build(PinMode.InputPullUp, ActiveLowButton, PinEventTypes.Rising | PinEventTypes.Falling);

        Assert.Equal(
            Uapi.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_INPUT | Uapi.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_ACTIVE_LOW
            | Uapi.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_EDGE_RISING | Uapi.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_EDGE_FALLING
            | Uapi.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_BIAS_PULL_UP,
            config.flags);
        Assert.Equal(1u, config.num_attrs);
        Assert.Equal(Uapi.gpio_v2_line_attr_id.GPIO_V2_LINE_ATTR_ID_DEBOUNCE, config.attrs[0].attr.id);
        Assert.Equal(30_000u, config.attrs[0].attr.debounce_period_us);
        Assert.Equal(1UL, config.attrs[0].mask);
    }

    [Fact]
    public void AnInputWithoutDebounce_HasNoAttribute()
    {
        var config = GpioLineConfig.Build(PinMode.InputPullDown, new GpioLineSettings(), PinEventTypes.Rising);
        Assert.Equal(0u, config.num_attrs);
        Assert.Equal(
            Uapi.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_INPUT | Uapi.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_EDGE_RISING
            | Uapi.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_BIAS_PULL_DOWN,
            config.flags);
    }

    [Fact]
    public void AnOutput_GetsNeitherEdgesNorDebounce()
    {
        // The kernel rejects edge flags without INPUT (EINVAL); debounce is for inputs.
        var config = GpioLineConfig.Build(PinMode.Output, ActiveLowButton, PinEventTypes.Rising);
        Assert.Equal(
            Uapi.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_OUTPUT | Uapi.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_ACTIVE_LOW,
            config.flags);
        Assert.Equal(Uapi.gpio_v2_line_attr_id.GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES, config.attrs[0].attr.id);
    }

    [Fact]
    public void OpeningAsIs_AsksForNoDirection_OnlyTheActiveLevel()
    {
        Assert.Equal(Uapi.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_ACTIVE_LOW, GpioLineConfig.Build(null, ActiveLowButton).flags);
        Assert.Equal(0u, GpioLineConfig.Build(null, ActiveLowButton).num_attrs);
        Assert.Equal(Uapi.gpio_v2_line_flag.None, GpioLineConfig.Build(null, new GpioLineSettings()).flags);
    }

    [Fact]
    public void Requests_RejectANegativeOffset() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => GpioChip.NewRequest(-1, default, "edge"));

    [Fact]
    public void LineInfo_IsDecoded()
    {
        var native = default(Uapi.gpio_v2_line_info);
        Encoding.ASCII.GetBytes("GPIO17\0").CopyTo(new Span<byte>(native.name, 32));
        Encoding.ASCII.GetBytes("sysfs\0").CopyTo(new Span<byte>(native.consumer, 32));
        native.offset = 17;
        native.flags = Uapi.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_USED | Uapi.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_INPUT
            | Uapi.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_ACTIVE_LOW | Uapi.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_BIAS_PULL_UP
            | Uapi.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_EDGE_FALLING;
        native.num_attrs = 1;
        native.attrs[0].id = Uapi.gpio_v2_line_attr_id.GPIO_V2_LINE_ATTR_ID_DEBOUNCE;
        native.attrs[0].debounce_period_us = 5000;

        var info = GpioLineInfo.FromNative(native);

        Assert.Equal(
            new GpioLineInfo(17, "GPIO17", "sysfs", true, GpioLineDirection.Input, true, GpioLineBias.PullUp, GpioLineDrive.PushPull,
                GpioLineEdges.Falling, TimeSpan.FromMilliseconds(5)),
            info);
        Assert.Equal("GPIO17", info.DisplayName);
    }

    [Fact]
    public void LineInfo_OfAnUnnamedFreeOutput_IsDecoded()
    {
        var native = default(Uapi.gpio_v2_line_info);
        native.offset = 4;
        native.flags = Uapi.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_OUTPUT | Uapi.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_OPEN_DRAIN;
        var info = GpioLineInfo.FromNative(native);
        Assert.Equal(
            new GpioLineInfo(4, "", "", false, GpioLineDirection.Output, false, GpioLineBias.AsIs, GpioLineDrive.OpenDrain, GpioLineEdges.None, null),
            info);
        Assert.Equal("4", info.DisplayName);
    }

    [Fact]
    public void Names_AreCutAtTheNulOrTheField()
    {
        Assert.Equal("gpiochip0", GpioStrings.Decode("gpiochip0\0junk"u8));
        Assert.Equal(new string('x', 32), GpioStrings.Decode(Encoding.ASCII.GetBytes(new string('x', 32))));
        var field = new byte[32];
        field.AsSpan().Fill(0xFF);
        GpioStrings.Encode(new string('é', 20), field);               // 2 bytes each: 15 fit in 31
        Assert.Equal(new string('é', 15), GpioStrings.Decode(field));
        Assert.All(field[30..], b => Assert.Equal(0, b));
    }

    /// <summary>Every byte of the request is zero except the listed (offset, length) ranges.</summary>
    private static void AssertZeroExcept(Uapi.gpio_v2_line_request request, (int Offset, int Length)[] allowed)
    {
        var bytes = MemoryMarshal.AsBytes(new ReadOnlySpan<Uapi.gpio_v2_line_request>(ref request));
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != 0)
                Assert.True(allowed.Any(a => i >= a.Offset && i < a.Offset + a.Length), $"byte {i} is {bytes[i]}, expected 0");
        }
    }
}
