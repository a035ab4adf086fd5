using System.Runtime.InteropServices;

namespace Edge.Video.Encoders.Ffmpeg;

internal static partial class Interop
{
    // Opaque FFmpeg objects: only ever handled by pointer. Fields are reached through the
    // per-version layouts (AVFrameLayout, AVPacketLayout, AVBufferRefLayout) or, for
    // AVCodecContext, only via AVOptions.
    internal struct AVCodec;

    internal struct AVCodecContext;

    internal struct AVFrame;

    internal struct AVPacket;

    internal struct AVBufferRef;

    internal struct AVBufferPool;

    /// <summary><c>AVRational</c> from libavutil/rational.h: two ints, passed by value.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal readonly struct AVRational(int num, int den)
    {
        public readonly int num = num;
        public readonly int den = den;
    }
}
