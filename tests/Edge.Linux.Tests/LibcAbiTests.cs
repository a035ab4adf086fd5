using Edge.Tests.Shared;

namespace Edge.Linux.Tests;

/// <summary>The libc pieces the interop layer declares, checked against each target's headers.</summary>
public sealed class LibcAbiTests
{
    [Theory]
    [MemberData(nameof(CAbiProbe.AllAbis), MemberType = typeof(CAbiProbe))]
    public unsafe void PollFd_And_Flags_MatchTheHeaders(CAbi abi)
    {
        var values = CAbiProbe.Evaluate(abi, ["poll.h", "fcntl.h", "sys/mman.h", "errno.h"],
        [
            "sizeof(struct pollfd)", "offsetof(struct pollfd, events)", "offsetof(struct pollfd, revents)",
            "POLLIN", "POLLPRI", "POLLERR", "POLLHUP", "POLLNVAL",
            "O_RDWR", "O_NONBLOCK", "O_CLOEXEC", "PROT_READ", "PROT_WRITE", "MAP_SHARED",
            "ENODEV", "EINTR", "EAGAIN", "ENOTTY", "EBUSY",
        ]);
        long[] expected =
        [
            sizeof(Interop.Libc.pollfd), 4, 6,
            (long)Interop.Libc.PollEvents.POLLIN, (long)Interop.Libc.PollEvents.POLLPRI, (long)Interop.Libc.PollEvents.POLLERR,
            (long)Interop.Libc.PollEvents.POLLHUP, (long)Interop.Libc.PollEvents.POLLNVAL,
            (long)Interop.Libc.OpenFlags.O_RDWR, (long)Interop.Libc.OpenFlags.O_NONBLOCK, (long)Interop.Libc.OpenFlags.O_CLOEXEC,
            (long)Interop.Libc.MemoryProtection.PROT_READ, (long)Interop.Libc.MemoryProtection.PROT_WRITE,
            (long)Interop.Libc.MemoryMapFlags.MAP_SHARED,
            IO.LinuxErrno.ENODEV, IO.LinuxErrno.EINTR, IO.LinuxErrno.EAGAIN,
            IO.LinuxErrno.ENOTTY, IO.LinuxErrno.EBUSY,
        ];
        Assert.Equal(expected, values);
    }

    [Theory]
    [MemberData(nameof(CAbiProbe.AllAbis), MemberType = typeof(CAbiProbe))]
    public void TimeT_Width_IsWhatEachAbiSays(CAbi abi)
    {
        var values = CAbiProbe.Evaluate(abi, ["time.h"], ["sizeof(time_t)", "sizeof(void*)"]);
        Assert.Equal(abi == CAbi.ArmhfTime32 ? 4 : 8, values[0]);
        Assert.Equal(CAbiProbe.Is64Bit(abi) ? 8 : 4, values[1]);
    }

    [Theory]
    [MemberData(nameof(CAbiProbe.AllAbis), MemberType = typeof(CAbiProbe))]
    public void IoctlEncoding_MatchesTheKernelMacros(CAbi abi)
    {
        var values = CAbiProbe.Evaluate(abi, ["linux/videodev2.h", "linux/gpio.h"],
            ["VIDIOC_QUERYCAP", "VIDIOC_STREAMON", "GPIO_V2_GET_LINE_IOCTL", "VIDIOC_S_FMT"]);
        Assert.Equal(IO.IoctlRequest.IOR('V', 0, 104), values[0]);
        Assert.Equal(IO.IoctlRequest.IOW('V', 18, 4), values[1]);
        Assert.Equal(IO.IoctlRequest.IOWR((char)0xB4, 0x07, 592), values[2]);
        Assert.Equal(IO.IoctlRequest.IOWR('V', 5, CAbiProbe.Is64Bit(abi) ? 208 : 204), values[3]);
    }
}
