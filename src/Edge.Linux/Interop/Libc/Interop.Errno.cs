using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
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
