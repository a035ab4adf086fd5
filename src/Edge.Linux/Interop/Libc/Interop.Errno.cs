using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>errno values used for decisions; identical on x86_64, arm64 and armhf.</summary>
        internal enum Errno
        {
            EPERM = 1,
            ENOENT = 2,
            EINTR = 4,
            EIO = 5,
            ENXIO = 6,
            EBADF = 9,
            EAGAIN = 11,
            ENOMEM = 12,
            EACCES = 13,
            EBUSY = 16,
            ENODEV = 19,
            EINVAL = 22,
            ENOTTY = 25,
            EPIPE = 32,
            ENOTSUP = 95,
        }

        [LibraryImport(Libraries.Libc, EntryPoint = "strerror_r")]
        private static unsafe partial byte* StrErrorR(int errnum, byte* buffer, nuint length);

        /// <summary>The C library's message for an errno value (GNU strerror_r).</summary>
        internal static unsafe string StrError(int errno)
        {
            const int Length = 256;
            var buffer = stackalloc byte[Length];
            var message = StrErrorR(errno, buffer, Length);
            return message is null ? $"errno {errno}" : Marshal.PtrToStringUTF8((nint)message) ?? $"errno {errno}";
        }
    }
}
