using System.Device.Gpio;

namespace Edge.Gpio;

/// <summary>
/// An edge as <see cref="GpioChardevDriver"/> hands it to callbacks: what
/// <see cref="PinValueChangedEventArgs"/> says, plus the kernel's timestamp and sequence number
/// (struct gpio_v2_line_event), so a handler can time an edge by when it happened rather than
/// by when it was read.
/// </summary>
public sealed class GpioEdgeEventArgs : PinValueChangedEventArgs
{
    /// <summary>Creates the arguments.</summary>
    public GpioEdgeEventArgs(PinEventTypes changeType, int pinNumber, long timestampNanoseconds, uint sequence)
        : base(changeType, pinNumber)
    {
        TimestampNanoseconds = timestampNanoseconds;
        Sequence = sequence;
    }

    /// <summary>
    /// When the edge happened, in nanoseconds of CLOCK_MONOTONIC: on Linux the clock of
    /// <see cref="TimeProvider.System"/>'s timestamps (<see cref="System.Diagnostics.Stopwatch"/>).
    /// </summary>
    public long TimestampNanoseconds { get; }

    /// <summary>The edge's number on its line; a gap means the kernel's event buffer overflowed.</summary>
    public uint Sequence { get; }
}
