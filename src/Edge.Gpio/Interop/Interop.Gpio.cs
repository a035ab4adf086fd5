/// <summary>
/// The GPIO character device uAPI v2 (<c>linux/gpio.h</c>, Linux 5.10+). Every struct here is
/// byte-identical on x86_64, arm64 and armhf (time32 and time64): the uAPI uses only fixed-width
/// types with explicit padding. Names are the C names so they grep against the header;
/// tests/Edge.Gpio.Tests/GpioAbiTests.cs checks every size, offset, number and flag.
/// </summary>
internal static partial class Interop
{
    internal static partial class Gpio
    {
        /// <summary>GPIO_MAX_NAME_SIZE: chip names, labels, line names and consumers, NUL included.</summary>
        public const int GPIO_MAX_NAME_SIZE = 32;

        /// <summary>GPIO_V2_LINES_MAX: lines in one request.</summary>
        public const int GPIO_V2_LINES_MAX = 64;

        /// <summary>GPIO_V2_LINE_NUM_ATTRS_MAX: attributes in one line config or line info.</summary>
        public const int GPIO_V2_LINE_NUM_ATTRS_MAX = 10;

        /// <summary>The ioctl type byte of every GPIO ioctl.</summary>
        public const char GPIO_IOCTL_TYPE = (char)0xB4;
    }
}
