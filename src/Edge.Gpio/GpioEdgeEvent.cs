namespace Edge.Gpio;

/// <summary>Which way a line moved, in logical terms (active-low already applied by the kernel).</summary>
public enum GpioEdge
{
    /// <summary>Inactive to active: a press on a button.</summary>
    Rising,

    /// <summary>Active to inactive: a release.</summary>
    Falling,
}

/// <summary>One edge the kernel reported (gpio_v2_line_event).</summary>
/// <param name="Edge">Rising or falling.</param>
/// <param name="Offset">The line's offset on its chip.</param>
/// <param name="TimestampNanoseconds">When, on the kernel's CLOCK_MONOTONIC; only differences between events mean anything here.</param>
/// <param name="Sequence">The event's sequence number on its line (gaps mean the kernel's buffer overflowed).</param>
public readonly record struct GpioEdgeEvent(GpioEdge Edge, int Offset, ulong TimestampNanoseconds, uint Sequence);
