using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Gpio
    {
        /// <summary>
        /// struct gpio_v2_line_config (272 bytes): flags for every requested line, overridden
        /// per line by up to ten attributes. GPIO_V2_LINE_SET_CONFIG_IOCTL's argument.
        /// </summary>
        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct gpio_v2_line_config
        {
            /// <summary>Flags for lines no GPIO_V2_LINE_ATTR_ID_FLAGS attribute covers.</summary>
            public gpio_v2_line_flag flags;

            /// <summary>Valid entries in <see cref="attrs"/>.</summary>
            public uint num_attrs;

            /// <summary>Reserved; must be zero.</summary>
            public fixed uint padding[5];

            public gpio_v2_line_config_attribute_array attrs;
        }

        /// <summary>
        /// struct gpio_v2_line_request (592 bytes): GPIO_V2_GET_LINE_IOCTL's argument. On success
        /// the kernel writes the request's file descriptor to <see cref="fd"/>; closing it
        /// releases the lines.
        /// </summary>
        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct gpio_v2_line_request
        {
            /// <summary>The offsets of the requested lines; the first <see cref="num_lines"/> count.</summary>
            public fixed uint offsets[GPIO_V2_LINES_MAX];

            /// <summary>The consumer name the kernel shows for these lines; NUL-terminated.</summary>
            public fixed byte consumer[GPIO_MAX_NAME_SIZE];

            public gpio_v2_line_config config;

            public uint num_lines;

            /// <summary>Suggested edge-event buffer length in events; 0 means num_lines * 16.</summary>
            public uint event_buffer_size;

            /// <summary>Reserved; must be zero.</summary>
            public fixed uint padding[5];

            /// <summary>Out: the request's file descriptor.</summary>
            public int fd;
        }
    }
}
