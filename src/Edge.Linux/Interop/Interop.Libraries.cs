internal static partial class Interop
{
    /// <summary>Names of the native libraries the interop layer binds to.</summary>
    internal static class Libraries
    {
        /// <summary>glibc's C library; on every target Edge runs on it is this soname.</summary>
        internal const string Libc = "libc.so.6";
    }
}
