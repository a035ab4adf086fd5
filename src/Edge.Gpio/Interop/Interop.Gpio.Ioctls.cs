using System.Runtime.CompilerServices;
using Edge.Linux.IO;

internal static partial class Interop
{
    internal static partial class Gpio
    {
        /// <summary>_IOR(0xB4, 0x01, struct gpiochip_info).</summary>
        public static readonly uint GPIO_GET_CHIPINFO_IOCTL =
            IoctlRequest.IOR(GPIO_IOCTL_TYPE, 0x01, Unsafe.SizeOf<gpiochip_info>());

        /// <summary>_IOWR(0xB4, 0x05, struct gpio_v2_line_info).</summary>
        public static readonly uint GPIO_V2_GET_LINEINFO_IOCTL =
            IoctlRequest.IOWR(GPIO_IOCTL_TYPE, 0x05, Unsafe.SizeOf<gpio_v2_line_info>());

        /// <summary>_IOWR(0xB4, 0x07, struct gpio_v2_line_request).</summary>
        public static readonly uint GPIO_V2_GET_LINE_IOCTL =
            IoctlRequest.IOWR(GPIO_IOCTL_TYPE, 0x07, Unsafe.SizeOf<gpio_v2_line_request>());

        /// <summary>_IOWR(0xB4, 0x0D, struct gpio_v2_line_config).</summary>
        public static readonly uint GPIO_V2_LINE_SET_CONFIG_IOCTL =
            IoctlRequest.IOWR(GPIO_IOCTL_TYPE, 0x0D, Unsafe.SizeOf<gpio_v2_line_config>());

        /// <summary>_IOWR(0xB4, 0x0E, struct gpio_v2_line_values).</summary>
        public static readonly uint GPIO_V2_LINE_GET_VALUES_IOCTL =
            IoctlRequest.IOWR(GPIO_IOCTL_TYPE, 0x0E, Unsafe.SizeOf<gpio_v2_line_values>());

        /// <summary>_IOWR(0xB4, 0x0F, struct gpio_v2_line_values).</summary>
        public static readonly uint GPIO_V2_LINE_SET_VALUES_IOCTL =
            IoctlRequest.IOWR(GPIO_IOCTL_TYPE, 0x0F, Unsafe.SizeOf<gpio_v2_line_values>());
    }
}
