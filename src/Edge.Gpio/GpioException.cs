namespace Edge.Gpio;

/// <summary>
/// A GPIO problem a person must fix, worded to say where and how: "line GPIO17 on gpiochip0 is
/// used by "sysfs"; free it or pick another line". Wraps the failed system call, if any.
/// </summary>
public sealed class GpioException : IOException
{
    /// <summary>Creates the exception.</summary>
    public GpioException(string message, string? chip = null, int errno = 0, Exception? inner = null)
        : base(message, inner)
    {
        Chip = chip;
        Errno = errno;
    }

    /// <summary>The chip involved (path or name), when known.</summary>
    public string? Chip { get; }

    /// <summary>The errno of the failed call, or 0.</summary>
    public int Errno { get; }

    /// <summary>True when access was refused (EACCES, EPERM): the fix is the <c>gpio</c> group.</summary>
    public bool IsPermissionDenied => Errno is LinuxErrno.EACCES or LinuxErrno.EPERM;
}

/// <summary>The errno values GPIO decisions depend on (identical on every Linux ABI Edge ships for).</summary>
internal static class LinuxErrno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int ENXIO = 6;
    public const int EAGAIN = 11;
    public const int EACCES = 13;
    public const int EBUSY = 16;
    public const int ENODEV = 19;
    public const int EINVAL = 22;
    public const int ENOTTY = 25;
}
