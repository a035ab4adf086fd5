namespace Edge.Video.Encoders.Ffmpeg;

internal static unsafe partial class Interop
{
    /// <summary>libavcodec entry points, bound from the loaded library by <see cref="Bind"/>.</summary>
    internal static unsafe class Avcodec
    {
        // unsigned avcodec_version(void)
        internal static delegate* unmanaged[Cdecl]<uint> avcodec_version;

        // const AVCodec *avcodec_find_encoder_by_name(const char *name)
        internal static delegate* unmanaged[Cdecl]<byte*, AVCodec*> avcodec_find_encoder_by_name;

        // AVCodecContext *avcodec_alloc_context3(const AVCodec *codec)
        internal static delegate* unmanaged[Cdecl]<AVCodec*, AVCodecContext*> avcodec_alloc_context3;

        // void avcodec_free_context(AVCodecContext **avctx)
        internal static delegate* unmanaged[Cdecl]<AVCodecContext**, void> avcodec_free_context;

        // int avcodec_open2(AVCodecContext *avctx, const AVCodec *codec, AVDictionary **options)
        internal static delegate* unmanaged[Cdecl]<AVCodecContext*, AVCodec*, void**, int> avcodec_open2;

        // int avcodec_send_frame(AVCodecContext *avctx, const AVFrame *frame)
        internal static delegate* unmanaged[Cdecl]<AVCodecContext*, AVFrame*, int> avcodec_send_frame;

        // int avcodec_receive_packet(AVCodecContext *avctx, AVPacket *avpkt)
        internal static delegate* unmanaged[Cdecl]<AVCodecContext*, AVPacket*, int> avcodec_receive_packet;

        // AVPacket *av_packet_alloc(void)
        internal static delegate* unmanaged[Cdecl]<AVPacket*> av_packet_alloc;

        // void av_packet_free(AVPacket **pkt)
        internal static delegate* unmanaged[Cdecl]<AVPacket**, void> av_packet_free;

        // void av_packet_unref(AVPacket *pkt)
        internal static delegate* unmanaged[Cdecl]<AVPacket*, void> av_packet_unref;

        // const AVCodec *avcodec_find_decoder_by_name(const char *name)
        internal static delegate* unmanaged[Cdecl]<byte*, AVCodec*> avcodec_find_decoder_by_name;

        // int avcodec_send_packet(AVCodecContext *avctx, const AVPacket *avpkt)
        internal static delegate* unmanaged[Cdecl]<AVCodecContext*, AVPacket*, int> avcodec_send_packet;

        // int avcodec_receive_frame(AVCodecContext *avctx, AVFrame *frame)
        internal static delegate* unmanaged[Cdecl]<AVCodecContext*, AVFrame*, int> avcodec_receive_frame;

        // void avcodec_flush_buffers(AVCodecContext *avctx)
        internal static delegate* unmanaged[Cdecl]<AVCodecContext*, void> avcodec_flush_buffers;

        internal static void Bind(nint library)
        {
            avcodec_version = (delegate* unmanaged[Cdecl]<uint>)Export(library, "avcodec_version");
            avcodec_find_encoder_by_name = (delegate* unmanaged[Cdecl]<byte*, AVCodec*>)Export(library, "avcodec_find_encoder_by_name");
            avcodec_alloc_context3 = (delegate* unmanaged[Cdecl]<AVCodec*, AVCodecContext*>)Export(library, "avcodec_alloc_context3");
            avcodec_free_context = (delegate* unmanaged[Cdecl]<AVCodecContext**, void>)Export(library, "avcodec_free_context");
            avcodec_open2 = (delegate* unmanaged[Cdecl]<AVCodecContext*, AVCodec*, void**, int>)Export(library, "avcodec_open2");
            avcodec_send_frame = (delegate* unmanaged[Cdecl]<AVCodecContext*, AVFrame*, int>)Export(library, "avcodec_send_frame");
            avcodec_receive_packet = (delegate* unmanaged[Cdecl]<AVCodecContext*, AVPacket*, int>)Export(library, "avcodec_receive_packet");
            av_packet_alloc = (delegate* unmanaged[Cdecl]<AVPacket*>)Export(library, "av_packet_alloc");
            av_packet_free = (delegate* unmanaged[Cdecl]<AVPacket**, void>)Export(library, "av_packet_free");
            av_packet_unref = (delegate* unmanaged[Cdecl]<AVPacket*, void>)Export(library, "av_packet_unref");
            avcodec_find_decoder_by_name = (delegate* unmanaged[Cdecl]<byte*, AVCodec*>)Export(library, "avcodec_find_decoder_by_name");
            avcodec_send_packet = (delegate* unmanaged[Cdecl]<AVCodecContext*, AVPacket*, int>)Export(library, "avcodec_send_packet");
            avcodec_receive_frame = (delegate* unmanaged[Cdecl]<AVCodecContext*, AVFrame*, int>)Export(library, "avcodec_receive_frame");
            avcodec_flush_buffers = (delegate* unmanaged[Cdecl]<AVCodecContext*, void>)Export(library, "avcodec_flush_buffers");
        }
    }
}
