using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        [Flags]
        internal enum PollEvents : short
        {
            POLLIN = 0x0001,
            POLLPRI = 0x0002,
            POLLOUT = 0x0004,
            POLLERR = 0x0008,
            POLLHUP = 0x0010,
            POLLNVAL = 0x0020,
        }

        /// <summary>struct pollfd: 8 bytes on every ABI.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct pollfd
        {
            public int fd;
            public PollEvents events;
            public PollEvents revents;
        }

        [LibraryImport(Libraries.Libc, EntryPoint = "poll", SetLastError = true)]
        internal static unsafe partial int Poll(pollfd* fds, nuint count, int timeoutMilliseconds);
    }
}
