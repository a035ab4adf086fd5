namespace Edge.Linux.IO;

/// <summary>
/// A failed system call on a device, carrying errno and the device path so that the message a
/// person reads says which device failed and how ("/dev/video0: VIDIOC_S_FMT: Device or
/// resource busy (EBUSY)").
/// </summary>
public sealed class LinuxIOException : IOException
{
    /// <summary>Creates the exception from a failed call.</summary>
    public LinuxIOException(string path, string operation, int errno)
        : base($"{path}: {operation}: {Interop.Libc.StrError(errno)} ({LinuxErrno.NameOf(errno)})")
    {
        Path = path;
        Operation = operation;
        Errno = errno;
    }

    /// <summary>The device or file the call was made on.</summary>
    public string Path { get; }

    /// <summary>The call that failed, e.g. "open" or "VIDIOC_DQBUF".</summary>
    public string Operation { get; }

    /// <summary>The errno value.</summary>
    public int Errno { get; }

    /// <summary>
    /// True when the error means the device itself is gone (unplugged, driver unbound): the
    /// caller should close it and wait for it to come back rather than retry the call.
    /// </summary>
    public bool IsDeviceGone => Errno is LinuxErrno.ENODEV or LinuxErrno.ENXIO or LinuxErrno.ENOENT or LinuxErrno.EIO or LinuxErrno.EBADF;
}
