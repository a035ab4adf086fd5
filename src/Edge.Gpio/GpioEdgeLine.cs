using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Edge.Linux.IO;

namespace Edge.Gpio;

/// <summary>
/// One input line held with edge detection through a GPIO line request. Edges are read as
/// gpio_v2_line_event records after poll(2) says the descriptor is readable.
/// </summary>
public sealed class GpioEdgeLine : IGpioEdgeSource
{
    /// <summary>Events taken from the kernel per read.</summary>
    private const int ReadBatch = 16;

    private readonly DeviceFile _request;

    internal GpioEdgeLine(DeviceFile request, int offset, string description)
    {
        _request = request;
        Offset = offset;
        Description = description;
    }

    /// <summary>The line's offset on its chip.</summary>
    public int Offset { get; }

    /// <summary>The line, "GPIO22", for logs.</summary>
    public string Description { get; }

    /// <inheritdoc />
    public bool ReadValue()
    {
        var native = new Interop.Gpio.gpio_v2_line_values { mask = 1 };
        _request.Ioctl(Interop.Gpio.GPIO_V2_LINE_GET_VALUES_IOCTL, ref native, "GPIO_V2_LINE_GET_VALUES_IOCTL");
        return (native.bits & 1) != 0;
    }

    /// <inheritdoc />
    public int WaitForEdges(Span<GpioEdgeEvent> events, TimeSpan timeout)
    {
        if (events.IsEmpty)
            return 0;
        var poll = _request.Poll(timeout);
        if (!poll.Ready)
            return 0;
        if (poll.Failed && !poll.Readable)
            throw new GpioException($"{_request.Path}: the line request failed (the chip went away?)", _request.Path, LinuxErrno.ENODEV);

        Span<Interop.Gpio.gpio_v2_line_event> buffer = stackalloc Interop.Gpio.gpio_v2_line_event[Math.Min(events.Length, ReadBatch)];
        buffer.Clear();
        var bytes = MemoryMarshal.AsBytes(buffer);
        var read = _request.TryRead(bytes);
        if (read == -LinuxErrno.EAGAIN)
            return 0;
        if (read < 0)
            throw new LinuxIOException(_request.Path, "read", -read);
        var size = Unsafe.SizeOf<Interop.Gpio.gpio_v2_line_event>();
        if (read % size != 0)
            throw new GpioException($"{_request.Path}: read {read} bytes, not a whole number of {size}-byte gpio_v2_line_event records", _request.Path, LinuxErrno.EINVAL);

        var count = read / size;
        for (var i = 0; i < count; i++)
        {
            ref readonly var native = ref buffer[i];
            var edge = native.id == Interop.Gpio.gpio_v2_line_event_id.GPIO_V2_LINE_EVENT_FALLING_EDGE ? GpioEdge.Falling : GpioEdge.Rising;
            events[i] = new GpioEdgeEvent(edge, (int)native.offset, native.timestamp_ns, native.line_seqno);
        }
        return count;
    }

    /// <inheritdoc />
    public void Dispose() => _request.Dispose();
}
