internal static partial class Interop
{
    internal static partial class Gpio
    {
        /// <summary>enum gpio_v2_line_flag: line flags in line info, line config and config attributes.</summary>
        [Flags]
        internal enum gpio_v2_line_flag : ulong
        {
            None = 0,
            GPIO_V2_LINE_FLAG_USED = 1UL << 0,
            GPIO_V2_LINE_FLAG_ACTIVE_LOW = 1UL << 1,
            GPIO_V2_LINE_FLAG_INPUT = 1UL << 2,
            GPIO_V2_LINE_FLAG_OUTPUT = 1UL << 3,
            GPIO_V2_LINE_FLAG_EDGE_RISING = 1UL << 4,
            GPIO_V2_LINE_FLAG_EDGE_FALLING = 1UL << 5,
            GPIO_V2_LINE_FLAG_OPEN_DRAIN = 1UL << 6,
            GPIO_V2_LINE_FLAG_OPEN_SOURCE = 1UL << 7,
            GPIO_V2_LINE_FLAG_BIAS_PULL_UP = 1UL << 8,
            GPIO_V2_LINE_FLAG_BIAS_PULL_DOWN = 1UL << 9,
            GPIO_V2_LINE_FLAG_BIAS_DISABLED = 1UL << 10,
            GPIO_V2_LINE_FLAG_EVENT_CLOCK_REALTIME = 1UL << 11,

            /// <summary>Linux 5.19+; never requested by Edge, only decoded.</summary>
            GPIO_V2_LINE_FLAG_EVENT_CLOCK_HTE = 1UL << 12,
        }

        /// <summary>enum gpio_v2_line_attr_id: what a gpio_v2_line_attribute's union holds.</summary>
        internal enum gpio_v2_line_attr_id : uint
        {
            GPIO_V2_LINE_ATTR_ID_FLAGS = 1,
            GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES = 2,
            GPIO_V2_LINE_ATTR_ID_DEBOUNCE = 3,
        }

        /// <summary>enum gpio_v2_line_event_id: gpio_v2_line_event.id.</summary>
        internal enum gpio_v2_line_event_id : uint
        {
            GPIO_V2_LINE_EVENT_RISING_EDGE = 1,
            GPIO_V2_LINE_EVENT_FALLING_EDGE = 2,
        }
    }
}
