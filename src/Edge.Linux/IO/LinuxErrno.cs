namespace Edge.Linux.IO;

/// <summary>
/// The errno values Edge makes decisions on, in one place for every layer (interop, GPIO,
/// V4L2). They are the generic Linux values, identical on x86_64, arm64 and armhf; the ABI
/// tests compare them with each target's errno.h.
/// </summary>
public static class LinuxErrno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int ENXIO = 6;
    public const int EBADF = 9;
    public const int EAGAIN = 11;
    public const int ENOMEM = 12;
    public const int EACCES = 13;
    public const int EBUSY = 16;
    public const int ENODEV = 19;
    public const int EINVAL = 22;
    public const int ENOTTY = 25;
    public const int EPIPE = 32;
    public const int ERANGE = 34;
    public const int ENOTSUP = 95;

    /// <summary>The symbolic name of <paramref name="errno"/> ("EBUSY"), or "errno N" for others.</summary>
    public static string NameOf(int errno) => errno switch
    {
        EPERM => nameof(EPERM),
        ENOENT => nameof(ENOENT),
        EINTR => nameof(EINTR),
        EIO => nameof(EIO),
        ENXIO => nameof(ENXIO),
        EBADF => nameof(EBADF),
        EAGAIN => nameof(EAGAIN),
        ENOMEM => nameof(ENOMEM),
        EACCES => nameof(EACCES),
        EBUSY => nameof(EBUSY),
        ENODEV => nameof(ENODEV),
        EINVAL => nameof(EINVAL),
        ENOTTY => nameof(ENOTTY),
        EPIPE => nameof(EPIPE),
        ERANGE => nameof(ERANGE),
        ENOTSUP => nameof(ENOTSUP),
        _ => $"errno {errno}",
    };
}
