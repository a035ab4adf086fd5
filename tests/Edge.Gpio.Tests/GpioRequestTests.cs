using System.Runtime.InteropServices;
using System.Text;
using Uapi = Interop.Gpio;

namespace Edge.Gpio.Tests;

/// <summary>The structs handed to the kernel and read back from it, built and decoded without one.</summary>
public sealed unsafe class GpioRequestTests
{
    [Fact]
    public void OutputRequest_CarriesOffsetsConsumerFlagsAndInitialValues_AndNothingElse()
    {
        var request = GpioChip.BuildOutputRequest([17, 27, 22], lineCount: 58, activeLow: true, initialValues: 0b1_0101, consumer: "edge");

        Assert.Equal(3u, request.num_lines);
        Assert.Equal([17u, 27u, 22u], new ReadOnlySpan<uint>(request.offsets, 3).ToArray());
        Assert.Equal("edge\0", Encoding.ASCII.GetString(request.consumer, 5));
        Assert.Equal(
            Uapi.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_OUTPUT | Uapi.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_ACTIVE_LOW,
            request.config.flags);
        Assert.Equal(1u, request.config.num_attrs);
        Assert.Equal(Uapi.gpio_v2_line_attr_id.GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES, request.config.attrs[0].attr.id);
        Assert.Equal(0b101UL, request.config.attrs[0].attr.values);     // bits beyond the three lines are dropped
        Assert.Equal(0b111UL, request.config.attrs[0].mask);
        AssertZeroExcept(request, [(0, 12), (256, 5), (288, 8), (296, 4), (320, 4), (328, 8), (336, 8), (560, 4)]);
    }

    [Fact]
    public void EdgeRequest_CarriesInputEdgesBiasAndDebounce()
    {
        var request = GpioChip.BuildEdgeRequest(22, 58, activeLow: true, GpioLineBias.PullUp, GpioLineEdges.Both, TimeSpan.FromMilliseconds(30), "edge");

        Assert.Equal(1u, request.num_lines);
        Assert.Equal(22u, request.offsets[0]);
        Assert.Equal(
            Uapi.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_INPUT | Uapi.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_ACTIVE_LOW
            | Uapi.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_EDGE_RISING | Uapi.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_EDGE_FALLING
            | Uapi.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_BIAS_PULL_UP,
            request.config.flags);
        Assert.Equal(1u, request.config.num_attrs);
        Assert.Equal(Uapi.gpio_v2_line_attr_id.GPIO_V2_LINE_ATTR_ID_DEBOUNCE, request.config.attrs[0].attr.id);
        Assert.Equal(30_000u, request.config.attrs[0].attr.debounce_period_us);
        Assert.Equal(1UL, request.config.attrs[0].mask);
        Assert.Equal(64u, request.event_buffer_size);
        AssertZeroExcept(request, [(0, 4), (256, 5), (288, 8), (296, 4), (320, 4), (328, 4), (336, 8), (560, 8)]);
    }

    [Fact]
    public void EdgeRequest_WithoutDebounce_HasNoAttribute()
    {
        var request = GpioChip.BuildEdgeRequest(3, 8, activeLow: false, GpioLineBias.PullDown, GpioLineEdges.Rising, TimeSpan.Zero, "edge");
        Assert.Equal(0u, request.config.num_attrs);
        Assert.Equal(
            Uapi.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_INPUT | Uapi.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_EDGE_RISING
            | Uapi.gpio_v2_line_flag.GPIO_V2_LINE_FLAG_BIAS_PULL_DOWN,
            request.config.flags);
    }

    [Fact]
    public void Requests_RejectBadOffsets()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GpioChip.BuildOutputRequest([58], 58, false, 0, "edge"));
        Assert.Throws<ArgumentOutOfRangeException>(() => GpioChip.BuildOutputRequest([], 58, false, 0, "edge"));
        Assert.Throws<ArgumentOutOfRangeException>(() => GpioChip.BuildOutputRequest([.. Enumerable.Range(0, 65)], 100, false, 0, "edge"));
        Assert.Throws<ArgumentException>(() => GpioChip.BuildOutputRequest([4, 4], 58, false, 0, "edge"));
        Assert.Throws<ArgumentOutOfRangeException>(() => GpioChip.BuildEdgeRequest(-1, 58, false, GpioLineBias.AsIs, GpioLineEdges.Both, TimeSpan.Zero, "edge"));
    }

    [Fact]
    public void SixtyFourLines_UseTheWholeMask()
    {
        var request = GpioChip.BuildOutputRequest([.. Enumerable.Range(0, 64)], 64, false, ulong.MaxValue, "edge");
        Assert.Equal(ulong.MaxValue, request.config.attrs[0].mask);
        Assert.Equal(ulong.MaxValue, request.config.attrs[0].attr.values);
    }

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
