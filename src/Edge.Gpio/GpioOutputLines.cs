using Edge.Linux.IO;

namespace Edge.Gpio;

/// <summary>
/// Output lines held through one GPIO line request (one descriptor). Disposing releases the
/// lines; they keep their last value, as the kernel leaves them.
/// </summary>
public sealed class GpioOutputLines : IGpioOutputLines
{
    private readonly DeviceFile _request;
    private readonly ulong _all;

    internal GpioOutputLines(DeviceFile request, int count, string description)
    {
        _request = request;
        Count = count;
        Description = description;
        _all = count == 64 ? ulong.MaxValue : (1UL << count) - 1;
    }

    /// <inheritdoc />
    public int Count { get; }

    /// <summary>The lines, "GPIO17,GPIO27", for logs.</summary>
    public string Description { get; }

    /// <inheritdoc />
    public void SetValues(ulong values, ulong mask)
    {
        var native = new Interop.Gpio.gpio_v2_line_values { bits = values & mask & _all, mask = mask & _all };
        if (native.mask == 0)
            return;
        _request.Ioctl(Interop.Gpio.GPIO_V2_LINE_SET_VALUES_IOCTL, ref native, "GPIO_V2_LINE_SET_VALUES_IOCTL");
    }

    /// <summary>Reads the lines' logical values back.</summary>
    public ulong GetValues()
    {
        var native = new Interop.Gpio.gpio_v2_line_values { mask = _all };
        _request.Ioctl(Interop.Gpio.GPIO_V2_LINE_GET_VALUES_IOCTL, ref native, "GPIO_V2_LINE_GET_VALUES_IOCTL");
        return native.bits & _all;
    }

    /// <inheritdoc />
    public void Dispose() => _request.Dispose();
}
