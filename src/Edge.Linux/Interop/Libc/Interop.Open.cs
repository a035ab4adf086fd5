using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>open(2) flags used here; the same values on x86_64, arm64 and armhf.</summary>
        [Flags]
        internal enum OpenFlags
        {
            O_RDONLY = 0x0000,
            O_WRONLY = 0x0001,
            O_RDWR = 0x0002,
            O_NONBLOCK = 0x0800,
            O_CLOEXEC = 0x80000,
        }

        [LibraryImport(Libraries.Libc, EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        internal static partial int Open(string path, OpenFlags flags);
    }
}
