using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        // ioctl(2) is variadic in C; glibc's prototype is ioctl(int, unsigned long, ...). Passing
        // the request as nuint matches `unsigned long` on both 64-bit and 32-bit targets, and the
        // single pointer argument travels in the same register a variadic call would use on every
        // ABI Edge supports (x86_64, aarch64, armhf EABI).
        [LibraryImport(Libraries.Libc, EntryPoint = "ioctl", SetLastError = true)]
        internal static unsafe partial int Ioctl(int fd, nuint request, void* argument);
    }
}
