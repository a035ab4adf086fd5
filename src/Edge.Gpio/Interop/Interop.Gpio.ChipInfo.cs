using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Gpio
    {
        /// <summary>struct gpiochip_info (68 bytes): GPIO_GET_CHIPINFO_IOCTL's result.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct gpiochip_info
        {
            /// <summary>The kernel's name for the chip, "gpiochip0"; NUL-terminated.</summary>
            public fixed byte name[GPIO_MAX_NAME_SIZE];

            /// <summary>A functional name, "pinctrl-bcm2711"; NUL-terminated, may be empty.</summary>
            public fixed byte label[GPIO_MAX_NAME_SIZE];

            /// <summary>Number of lines on the chip.</summary>
            public uint lines;
        }
    }
}
