using Edge.Linux.IO;

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
