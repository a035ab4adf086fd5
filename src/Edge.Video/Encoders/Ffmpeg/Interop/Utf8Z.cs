using System.Runtime.InteropServices;

namespace Edge.Video.Encoders.Ffmpeg;

internal static partial class Interop
{
    /// <summary>
    /// A NUL-terminated UTF-8 copy of a string in native memory, for a <c>const char*</c> argument.
    /// Used only when an encoder is opened, never per frame.
    /// </summary>
    internal readonly unsafe ref struct Utf8Z
    {
        private readonly nint _memory;

        public Utf8Z(string value) => _memory = Marshal.StringToCoTaskMemUTF8(value);

        /// <summary>Pointer to the first byte; valid until <see cref="Dispose"/>.</summary>
        public byte* Pointer => (byte*)_memory;

        public void Dispose() => Marshal.FreeCoTaskMem(_memory);
    }
}
