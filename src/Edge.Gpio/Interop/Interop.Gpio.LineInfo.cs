using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Gpio
    {
        /// <summary>
        /// struct gpio_v2_line_info (256 bytes): GPIO_V2_GET_LINEINFO_IOCTL's argument. The caller
        /// fills <see cref="offset"/> and leaves everything else zero (the kernel rejects non-zero
        /// padding with EINVAL).
        /// </summary>
        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct gpio_v2_line_info
        {
            /// <summary>The line's name ("GPIO17", "ID_SDA"); may be empty.</summary>
            public fixed byte name[GPIO_MAX_NAME_SIZE];

            /// <summary>Who holds the line ("edge", "sysfs", "led0"); empty when unused or unnamed.</summary>
            public fixed byte consumer[GPIO_MAX_NAME_SIZE];

            /// <summary>The line's offset on its chip; filled in by the caller.</summary>
            public uint offset;

            /// <summary>Valid entries in <see cref="attrs"/>.</summary>
            public uint num_attrs;

            public gpio_v2_line_flag flags;

            public gpio_v2_line_attribute_array attrs;

            /// <summary>Reserved; must be zero.</summary>
            public fixed uint padding[4];
        }
    }
}
