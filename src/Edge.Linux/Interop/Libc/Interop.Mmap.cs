using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        [Flags]
        internal enum MemoryProtection
        {
            PROT_NONE = 0x0,
            PROT_READ = 0x1,
            PROT_WRITE = 0x2,
        }

        [Flags]
        internal enum MemoryMapFlags
        {
            MAP_SHARED = 0x01,
            MAP_PRIVATE = 0x02,
        }

        /// <summary>MAP_FAILED, ((void*)-1).</summary>
        internal static readonly nint MapFailed = -1;

        // The offset is off_t. On armhf Debian builds glibc with a 32-bit off_t for the plain
        // symbol, so bind mmap64 (64-bit offset everywhere; on 64-bit targets it is an alias).
        [LibraryImport(Libraries.Libc, EntryPoint = "mmap64", SetLastError = true)]
        internal static unsafe partial void* Mmap(void* address, nuint length, MemoryProtection protection, MemoryMapFlags flags, int fd, long offset);

        [LibraryImport(Libraries.Libc, EntryPoint = "munmap", SetLastError = true)]
        internal static unsafe partial int Munmap(void* address, nuint length);
    }
}
