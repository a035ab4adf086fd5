using System.Runtime.InteropServices;

namespace Edge.Linux.IO;

/// <summary>
/// A character device opened for ioctl-driven I/O (V4L2 video nodes, GPIO chips). Translates
/// every failed call into a <see cref="LinuxIOException"/> naming the device and the call, and
/// retries EINTR itself so callers never see it.
/// </summary>
public sealed class DeviceFile : IDisposable
{
    private readonly FileDescriptorHandle _handle;

    private DeviceFile(string path, FileDescriptorHandle handle)
    {
        Path = path;
        _handle = handle;
    }

    /// <summary>The path the device was opened by.</summary>
    public string Path { get; }

    /// <summary>The owned descriptor (for poll and mmap by the layers above).</summary>
    public FileDescriptorHandle Handle => _handle;

    /// <summary>True once disposed.</summary>
    public bool IsClosed => _handle.IsClosed;

    /// <summary>Opens a device read-write, close-on-exec, optionally non-blocking.</summary>
    public static DeviceFile Open(string path, bool nonBlocking = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var flags = Interop.Libc.OpenFlags.O_RDWR | Interop.Libc.OpenFlags.O_CLOEXEC;
        if (nonBlocking)
            flags |= Interop.Libc.OpenFlags.O_NONBLOCK;
        int fd;
        do
        {
            fd = Interop.Libc.Open(path, flags);
        }
        while (fd < 0 && Marshal.GetLastPInvokeError() == LinuxErrno.EINTR);
        if (fd < 0)
            throw new LinuxIOException(path, "open", Marshal.GetLastPInvokeError());
        return new DeviceFile(path, new FileDescriptorHandle(fd));
    }

    /// <summary>
    /// Takes ownership of a descriptor a driver handed back through an ioctl (a GPIO line
    /// request's fd, a V4L2 exported DMABUF); <paramref name="path"/> names it in errors.
    /// </summary>
    public static DeviceFile FromDescriptor(int fd, string path)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fd);
        return new DeviceFile(path, new FileDescriptorHandle(fd));
    }

    /// <summary>Issues an ioctl with a struct argument; throws on failure.</summary>
    public unsafe void Ioctl<T>(uint request, ref T argument, string operation)
        where T : unmanaged
    {
        var errno = TryIoctl(request, ref argument);
        if (errno != 0)
            throw new LinuxIOException(Path, operation, errno);
    }

    /// <summary>Issues an ioctl with a struct argument; returns 0 or the errno.</summary>
    public unsafe int TryIoctl<T>(uint request, ref T argument)
        where T : unmanaged
    {
        fixed (T* pointer = &argument)
            return TryIoctl(request, pointer);
    }

    /// <summary>Issues an ioctl with a raw pointer argument; returns 0 or the errno.</summary>
    public unsafe int TryIoctl(uint request, void* argument)
    {
        var added = false;
        _handle.DangerousAddRef(ref added);
        try
        {
            while (true)
            {
                if (Interop.Libc.Ioctl(_handle.Fd, request, argument) >= 0)
                    return 0;
                var errno = Marshal.GetLastPInvokeError();
                if (errno != LinuxErrno.EINTR)
                    return errno;
            }
        }
        finally
        {
            if (added)
                _handle.DangerousRelease();
        }
    }

    /// <summary>
    /// Waits until the device is readable (or has an exceptional event), up to a timeout.
    /// Returns the events reported, or none on timeout.
    /// </summary>
    public unsafe PollResult Poll(TimeSpan timeout, bool priority = false)
    {
        var added = false;
        _handle.DangerousAddRef(ref added);
        try
        {
            var entry = new Interop.Libc.pollfd
            {
                fd = _handle.Fd,
                events = Interop.Libc.PollEvents.POLLIN | (priority ? Interop.Libc.PollEvents.POLLPRI : 0),
            };
            var milliseconds = (int)Math.Clamp(timeout.TotalMilliseconds, 0, int.MaxValue);
            while (true)
            {
                var ready = Interop.Libc.Poll(&entry, 1, milliseconds);
                if (ready >= 0)
                    return new PollResult(ready > 0, entry.revents);
                var errno = Marshal.GetLastPInvokeError();
                if (errno != LinuxErrno.EINTR)
                    throw new LinuxIOException(Path, "poll", errno);
            }
        }
        finally
        {
            if (added)
                _handle.DangerousRelease();
        }
    }

    /// <summary>Reads up to <paramref name="buffer"/>'s length; returns bytes read, or -errno.</summary>
    public unsafe int TryRead(Span<byte> buffer)
    {
        var added = false;
        _handle.DangerousAddRef(ref added);
        try
        {
            fixed (byte* pointer = buffer)
            {
                while (true)
                {
                    var read = Interop.Libc.Read(_handle.Fd, pointer, (nuint)buffer.Length);
                    if (read >= 0)
                        return (int)read;
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno != LinuxErrno.EINTR)
                        return -errno;
                }
            }
        }
        finally
        {
            if (added)
                _handle.DangerousRelease();
        }
    }

    /// <summary>Maps part of the device into memory (V4L2 mmap buffers).</summary>
    public MemoryMapping Map(long offset, int length, string operation) =>
        MemoryMapping.Create(this, offset, length, operation);

    /// <inheritdoc />
    public void Dispose() => _handle.Dispose();
}

/// <summary>What poll(2) reported for one descriptor.</summary>
public readonly struct PollResult
{
    private readonly Interop.Libc.PollEvents _events;

    internal PollResult(bool ready, Interop.Libc.PollEvents events)
    {
        Ready = ready;
        _events = events;
    }

    /// <summary>False when the wait timed out.</summary>
    public bool Ready { get; }

    /// <summary>Data to read.</summary>
    public bool Readable => (_events & Interop.Libc.PollEvents.POLLIN) != 0;

    /// <summary>An exceptional condition, e.g. a V4L2 event or a GPIO edge.</summary>
    public bool Priority => (_events & Interop.Libc.PollEvents.POLLPRI) != 0;

    /// <summary>The device reported an error or hang-up (e.g. it was unplugged).</summary>
    public bool Failed => (_events & (Interop.Libc.PollEvents.POLLERR | Interop.Libc.PollEvents.POLLHUP | Interop.Libc.PollEvents.POLLNVAL)) != 0;
}
