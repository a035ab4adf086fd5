using Edge.Linux.IO;

namespace Edge.Linux.Tests;

public sealed class DeviceFileTests
{
    [Fact]
    public void Open_MissingDevice_NamesThePathAndTheErrno()
    {
        var error = Assert.Throws<LinuxIOException>(() => DeviceFile.Open("/dev/edge-no-such-device"));
        Assert.Equal("/dev/edge-no-such-device", error.Path);
        Assert.Equal(2, error.Errno);
        Assert.True(error.IsDeviceGone);
        Assert.StartsWith("/dev/edge-no-such-device: open: No such file or directory (ENOENT)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ioctl_OnDeviceWithoutThatIoctl_ReportsEnotty()
    {
        using var device = DeviceFile.Open("/dev/null");
        var argument = 0;
        var error = Assert.Throws<LinuxIOException>(() => device.Ioctl(IoctlRequest.IOR('V', 0, sizeof(int)), ref argument, "VIDIOC_TEST"));
        Assert.Equal(25, error.Errno);
        Assert.Contains("/dev/null: VIDIOC_TEST:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_SharesTheDevicesMemory()
    {
        using var device = DeviceFile.Open("/dev/zero");
        using var mapping = device.Map(0, 4096, "mmap");
        Assert.Equal(4096, mapping.Span.Length);
        Assert.True(mapping.Span.IndexOfAnyExcept((byte)0) < 0);
        mapping.Span[10] = 7;
        Assert.Equal(7, mapping.Span[10]);
        mapping.Dispose();
        Assert.Throws<ObjectDisposedException>(() => mapping.Span.Length);
    }

    [Fact]
    public void Poll_ReadableDeviceIsReady()
    {
        using var device = DeviceFile.Open("/dev/zero");
        var result = device.Poll(TimeSpan.FromSeconds(1));
        Assert.True(result.Ready);
        Assert.True(result.Readable);
        Assert.False(result.Failed);
        Span<byte> buffer = stackalloc byte[16];
        Assert.Equal(16, device.TryRead(buffer));
    }

    [Fact]
    public void Dispose_ClosesTheDescriptor()
    {
        var device = DeviceFile.Open("/dev/null");
        device.Dispose();
        Assert.True(device.IsClosed);
        device.Dispose();
    }
}
