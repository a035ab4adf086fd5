using System.Runtime.InteropServices;

namespace Edge.Video.Encoders.Ffmpeg;

internal static unsafe partial class Interop
{
    /// <summary>libavutil entry points, bound from the loaded library by <see cref="Bind"/>.</summary>
    internal static unsafe class Avutil
    {
        // unsigned avutil_version(void)
        internal static delegate* unmanaged[Cdecl]<uint> avutil_version;

        // AVFrame *av_frame_alloc(void)
        internal static delegate* unmanaged[Cdecl]<AVFrame*> av_frame_alloc;

        // void av_frame_free(AVFrame **frame)
        internal static delegate* unmanaged[Cdecl]<AVFrame**, void> av_frame_free;

        // int av_frame_get_buffer(AVFrame *frame, int align)
        internal static delegate* unmanaged[Cdecl]<AVFrame*, int, int> av_frame_get_buffer;

        // int av_frame_make_writable(AVFrame *frame)
        internal static delegate* unmanaged[Cdecl]<AVFrame*, int> av_frame_make_writable;

        // int av_opt_set(void *obj, const char *name, const char *val, int search_flags)
        internal static delegate* unmanaged[Cdecl]<void*, byte*, byte*, int, int> av_opt_set;

        // int av_opt_set_int(void *obj, const char *name, int64_t val, int search_flags)
        internal static delegate* unmanaged[Cdecl]<void*, byte*, long, int, int> av_opt_set_int;

        // int av_opt_set_q(void *obj, const char *name, AVRational val, int search_flags)
        internal static delegate* unmanaged[Cdecl]<void*, byte*, AVRational, int, int> av_opt_set_q;

        // int av_strerror(int errnum, char *errbuf, size_t errbuf_size)
        internal static delegate* unmanaged[Cdecl]<int, byte*, nuint, int> av_strerror;

        // void av_log_set_level(int level)
        internal static delegate* unmanaged[Cdecl]<int, void> av_log_set_level;

        internal static void Bind(nint library)
        {
            avutil_version = (delegate* unmanaged[Cdecl]<uint>)Export(library, "avutil_version");
            av_frame_alloc = (delegate* unmanaged[Cdecl]<AVFrame*>)Export(library, "av_frame_alloc");
            av_frame_free = (delegate* unmanaged[Cdecl]<AVFrame**, void>)Export(library, "av_frame_free");
            av_frame_get_buffer = (delegate* unmanaged[Cdecl]<AVFrame*, int, int>)Export(library, "av_frame_get_buffer");
            av_frame_make_writable = (delegate* unmanaged[Cdecl]<AVFrame*, int>)Export(library, "av_frame_make_writable");
            av_opt_set = (delegate* unmanaged[Cdecl]<void*, byte*, byte*, int, int>)Export(library, "av_opt_set");
            av_opt_set_int = (delegate* unmanaged[Cdecl]<void*, byte*, long, int, int>)Export(library, "av_opt_set_int");
            av_opt_set_q = (delegate* unmanaged[Cdecl]<void*, byte*, AVRational, int, int>)Export(library, "av_opt_set_q");
            av_strerror = (delegate* unmanaged[Cdecl]<int, byte*, nuint, int>)Export(library, "av_strerror");
            av_log_set_level = (delegate* unmanaged[Cdecl]<int, void>)Export(library, "av_log_set_level");
        }
    }

    /// <summary>Looks up a symbol, naming it and the library in the error when it is missing.</summary>
    internal static nint Export(nint library, string name) =>
        NativeLibrary.TryGetExport(library, name, out var address)
            ? address
            : throw new EntryPointNotFoundException($"The loaded FFmpeg library has no '{name}' export.");
}
