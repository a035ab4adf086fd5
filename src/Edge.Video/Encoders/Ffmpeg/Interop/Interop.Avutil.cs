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

        // void av_frame_unref(AVFrame *frame)
        internal static delegate* unmanaged[Cdecl]<AVFrame*, void> av_frame_unref;

        // int av_opt_get_int(void *obj, const char *name, int search_flags, int64_t *out_val)
        internal static delegate* unmanaged[Cdecl]<void*, byte*, int, long*, int> av_opt_get_int;

        // enum AVPixelFormat av_get_pix_fmt(const char *name): AV_PIX_FMT_NONE (-1) when unknown
        internal static delegate* unmanaged[Cdecl]<byte*, int> av_get_pix_fmt;

        // const char *av_get_pix_fmt_name(enum AVPixelFormat pix_fmt): NULL when unknown
        internal static delegate* unmanaged[Cdecl]<int, byte*> av_get_pix_fmt_name;

        // AVBufferPool *av_buffer_pool_init(size_t size, AVBufferRef* (*alloc)(size_t size))
        // (int rather than size_t in libavutil 56; the argument travels in one register either way)
        internal static delegate* unmanaged[Cdecl]<nuint, void*, AVBufferPool*> av_buffer_pool_init;

        // AVBufferRef *av_buffer_pool_get(AVBufferPool *pool)
        internal static delegate* unmanaged[Cdecl]<AVBufferPool*, AVBufferRef*> av_buffer_pool_get;

        // void av_buffer_pool_uninit(AVBufferPool **pool): the pool is freed once its last buffer comes back
        internal static delegate* unmanaged[Cdecl]<AVBufferPool**, void> av_buffer_pool_uninit;

        // void av_log_set_callback(void (*callback)(void *avcl, int level, const char *fmt, va_list vl))
        internal static delegate* unmanaged[Cdecl]<delegate* unmanaged[Cdecl]<void*, int, byte*, nint, void>, void> av_log_set_callback;

        // void av_log_default_callback(void *avcl, int level, const char *fmt, va_list vl)
        // va_list travels as one pointer-sized value on every ABI Edge runs on; see FfmpegLogBridge.
        internal static delegate* unmanaged[Cdecl]<void*, int, byte*, nint, void> av_log_default_callback;

        // int av_log_format_line2(void *avcl, int level, const char *fmt, va_list vl, char *line, int line_size, int *print_prefix)
        internal static delegate* unmanaged[Cdecl]<void*, int, byte*, nint, byte*, int, int*, int> av_log_format_line2;

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
            av_frame_unref = (delegate* unmanaged[Cdecl]<AVFrame*, void>)Export(library, "av_frame_unref");
            av_opt_get_int = (delegate* unmanaged[Cdecl]<void*, byte*, int, long*, int>)Export(library, "av_opt_get_int");
            av_get_pix_fmt = (delegate* unmanaged[Cdecl]<byte*, int>)Export(library, "av_get_pix_fmt");
            av_get_pix_fmt_name = (delegate* unmanaged[Cdecl]<int, byte*>)Export(library, "av_get_pix_fmt_name");
            av_buffer_pool_init = (delegate* unmanaged[Cdecl]<nuint, void*, AVBufferPool*>)Export(library, "av_buffer_pool_init");
            av_buffer_pool_get = (delegate* unmanaged[Cdecl]<AVBufferPool*, AVBufferRef*>)Export(library, "av_buffer_pool_get");
            av_buffer_pool_uninit = (delegate* unmanaged[Cdecl]<AVBufferPool**, void>)Export(library, "av_buffer_pool_uninit");
            av_log_set_callback = (delegate* unmanaged[Cdecl]<delegate* unmanaged[Cdecl]<void*, int, byte*, nint, void>, void>)Export(library, "av_log_set_callback");
            av_log_default_callback = (delegate* unmanaged[Cdecl]<void*, int, byte*, nint, void>)Export(library, "av_log_default_callback");
            av_log_format_line2 = (delegate* unmanaged[Cdecl]<void*, int, byte*, nint, byte*, int, int*, int>)Export(library, "av_log_format_line2");
        }
    }

    /// <summary>Looks up a symbol, naming it and the library in the error when it is missing.</summary>
    internal static nint Export(nint library, string name) =>
        NativeLibrary.TryGetExport(library, name, out var address)
            ? address
            : throw new EntryPointNotFoundException($"The loaded FFmpeg library has no '{name}' export.");
}
