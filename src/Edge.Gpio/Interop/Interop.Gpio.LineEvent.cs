using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Gpio
    {
        /// <summary>
        /// struct gpio_v2_line_event (48 bytes): one edge, as read(2) returns it from a line
        /// request's file descriptor (a read returns whole events only).
        /// </summary>
        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct gpio_v2_line_event
        {
            /// <summary>When the edge happened, CLOCK_MONOTONIC nanoseconds unless another clock was requested.</summary>
            public ulong timestamp_ns;

            public gpio_v2_line_event_id id;

            /// <summary>The line's offset on its chip.</summary>
            public uint offset;

            /// <summary>Sequence number of this event among all lines of the request.</summary>
            public uint seqno;

            /// <summary>Sequence number of this event on its line.</summary>
            public uint line_seqno;

            /// <summary>Reserved.</summary>
            public fixed uint padding[6];
        }
    }
}
