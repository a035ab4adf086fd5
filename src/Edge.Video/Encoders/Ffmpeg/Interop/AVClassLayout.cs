namespace Edge.Video.Encoders.Ffmpeg;

internal static partial class Interop
{
    /// <summary>
    /// The <c>AVClass</c> fields the log bridge reads to name the component a message comes from
    /// (libavutil/log.h): <c>item_name</c> (the second pointer) and
    /// <c>parent_log_context_offset</c> (after <c>option</c>, <c>version</c> and
    /// <c>log_level_offset_offset</c>). Both have kept their place since long before FFmpeg 4.4;
    /// the tests compare them with <c>offsetof</c> from the installed headers.
    /// </summary>
    internal static class AVClassLayout
    {
        /// <summary><c>const char *(*item_name)(void *ctx)</c>.</summary>
        internal static int ItemName => IntPtr.Size;

        /// <summary><c>int parent_log_context_offset</c>: where, inside the logging object, a pointer to its parent's context sits (0 for none).</summary>
        internal static int ParentLogContextOffset => 3 * IntPtr.Size + 2 * sizeof(int);
    }
}
