using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Gpio
    {
        /// <summary>
        /// struct gpio_v2_line_attribute (16 bytes): one configurable attribute of a line. The C
        /// struct ends in an anonymous union of <c>flags</c>, <c>values</c> (both __aligned_u64) and
        /// <c>debounce_period_us</c> (__u32), all at offset 8; explicit offsets reproduce it.
        /// </summary>
        [StructLayout(LayoutKind.Explicit, Size = 16)]
        internal struct gpio_v2_line_attribute
        {
            /// <summary>A gpio_v2_line_attr_id saying which union member is valid.</summary>
            [FieldOffset(0)]
            public gpio_v2_line_attr_id id;

            /// <summary>Reserved; must be zero.</summary>
            [FieldOffset(4)]
            public uint padding;

            /// <summary>With GPIO_V2_LINE_ATTR_ID_FLAGS: the line's flags.</summary>
            [FieldOffset(8)]
            public gpio_v2_line_flag flags;

            /// <summary>With GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES: a bitmap of output values, bit n for the request's line n.</summary>
            [FieldOffset(8)]
            public ulong values;

            /// <summary>With GPIO_V2_LINE_ATTR_ID_DEBOUNCE: the debounce period in microseconds.</summary>
            [FieldOffset(8)]
            public uint debounce_period_us;
        }

        /// <summary>
        /// struct gpio_v2_line_config_attribute (24 bytes): an attribute and the lines of the
        /// request it applies to.
        /// </summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct gpio_v2_line_config_attribute
        {
            public gpio_v2_line_attribute attr;

            /// <summary>Bit n set: the attribute applies to the request's line n.</summary>
            public ulong mask;
        }

        /// <summary>gpio_v2_line_attribute[GPIO_V2_LINE_NUM_ATTRS_MAX], as in gpio_v2_line_info.attrs.</summary>
        [InlineArray(GPIO_V2_LINE_NUM_ATTRS_MAX)]
        internal struct gpio_v2_line_attribute_array
        {
            private gpio_v2_line_attribute _element0;
        }

        /// <summary>gpio_v2_line_config_attribute[GPIO_V2_LINE_NUM_ATTRS_MAX], as in gpio_v2_line_config.attrs.</summary>
        [InlineArray(GPIO_V2_LINE_NUM_ATTRS_MAX)]
        internal struct gpio_v2_line_config_attribute_array
        {
            private gpio_v2_line_config_attribute _element0;
        }
    }
}
