using Edge.Linux.IO;

namespace Edge.Linux.Tests;

public sealed class IoctlRequestTests
{
    // Values from the C headers (linux-libc-dev 6.1), identical on x86_64, arm64 and armhf.
    [Fact]
    public void KnownNumbers()
    {
        Assert.Equal(0x80685600u, IoctlRequest.IOR('V', 0, 104)); // VIDIOC_QUERYCAP
        Assert.Equal(0xC0145608u, IoctlRequest.IOWR('V', 8, 20)); // VIDIOC_REQBUFS
        Assert.Equal(0x40045612u, IoctlRequest.IOW('V', 18, 4)); // VIDIOC_STREAMON
        Assert.Equal(0x8044B401u, IoctlRequest.IOR((char)0xB4, 0x01, 68)); // GPIO_GET_CHIPINFO_IOCTL
        Assert.Equal(0xC250B407u, IoctlRequest.IOWR((char)0xB4, 0x07, 592)); // GPIO_V2_GET_LINE_IOCTL
        Assert.Equal(0x0000B401u, IoctlRequest.IO((char)0xB4, 0x01));
    }

    [Fact]
    public void OversizedArgument_IsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => IoctlRequest.IOR('V', 1, 1 << 14));
}
