using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Gpio
    {
        /// <summary>
        /// struct gpio_v2_line_values (16 bytes): logical line values, bit n for the request's
        /// line n (not the line's offset on the chip). GPIO_V2_LINE_GET_VALUES_IOCTL and
        /// GPIO_V2_LINE_SET_VALUES_IOCTL's argument.
        /// </summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct gpio_v2_line_values
        {
            /// <summary>The values: 1 is active (high, or low on an active-low line).</summary>
            public ulong bits;

            /// <summary>The lines to read or write.</summary>
            public ulong mask;
        }
    }
}
