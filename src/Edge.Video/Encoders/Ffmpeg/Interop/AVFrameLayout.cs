namespace Edge.Video.Encoders.Ffmpeg;

internal static partial class Interop
{
    /// <summary>
    /// Offsets of the few <c>AVFrame</c> fields Edge writes (libavutil/frame.h), by libavutil major
    /// version and ABI. "64-bit" is every LP64 target (x86_64, aarch64); "armhf" is 32-bit ARM, where
    /// time32 and time64 agree because FFmpeg uses int64_t, never time_t. The tests compare the
    /// entry for the installed headers with <c>offsetof</c> compiled by gcc.
    /// </summary>
    internal sealed record AVFrameLayout(
        int Data,
        int Linesize,
        int Width,
        int Height,
        int Format,
        int PictType,
        int Pts)
    {
        // data, linesize, width, height and format never moved (4.4 … 9.0).
        private static readonly AVFrameLayout Lp64Before60 = new(0, 64, 104, 108, 116, PictType: 124, Pts: 136);
        private static readonly AVFrameLayout ArmhfBefore60 = new(0, 32, 68, 72, 80, PictType: 88, Pts: 104);

        // libavutil 60 (FFmpeg 8.0) removed key_frame: pict_type moves up by 4; on armhf pts moves 104 → 96,
        // on 64-bit alignment padding keeps pts at 136.
        private static readonly AVFrameLayout Lp64From60 = new(0, 64, 104, 108, 116, PictType: 120, Pts: 136);
        private static readonly AVFrameLayout ArmhfFrom60 = new(0, 32, 68, 72, 80, PictType: 84, Pts: 96);

        /// <summary>The lowest and highest libavutil majors with a checked layout (FFmpeg 4.4 … 9.0).</summary>
        internal const int MinMajor = 56;

        internal const int MaxMajor = 61;

        /// <summary>The layout for a libavutil major on the given ABI, or null when not known.</summary>
        internal static AVFrameLayout? For(int avutilMajor, FfmpegAbi abi) => (avutilMajor, abi) switch
        {
            ( >= MinMajor and < 60, FfmpegAbi.Lp64) => Lp64Before60,
            ( >= MinMajor and < 60, FfmpegAbi.Armhf) => ArmhfBefore60,
            ( >= 60 and <= MaxMajor, FfmpegAbi.Lp64) => Lp64From60,
            ( >= 60 and <= MaxMajor, FfmpegAbi.Armhf) => ArmhfFrom60,
            _ => null,
        };
    }

    /// <summary>
    /// Offsets of the <c>AVPacket</c> fields Edge reads and writes (libavcodec/packet.h). Unchanged
    /// from libavcodec 58 (FFmpeg 4.4) to 63 (9.0); kept as a table so a future change has one place
    /// to go. <see cref="Buf"/> (the packet's <c>AVBufferRef*</c>) is written by the MJPEG decoder,
    /// which hands libavcodec pooled, reference-counted packets.
    /// </summary>
    internal sealed record AVPacketLayout(int Buf, int Pts, int Data, int Size, int Flags)
    {
        private static readonly AVPacketLayout Lp64 = new(Buf: 0, Pts: 8, Data: 24, Size: 32, Flags: 40);
        private static readonly AVPacketLayout Armhf = new(Buf: 0, Pts: 8, Data: 24, Size: 28, Flags: 36);

        internal const int MinMajor = 58;

        internal const int MaxMajor = 63;

        /// <summary>The layout for a libavcodec major on the given ABI, or null when not known.</summary>
        internal static AVPacketLayout? For(int avcodecMajor, FfmpegAbi abi) =>
            avcodecMajor is >= MinMajor and <= MaxMajor
                ? (abi == FfmpegAbi.Lp64 ? Lp64 : Armhf)
                : null;
    }

    /// <summary>
    /// The one <c>AVBufferRef</c> field Edge reads (libavutil/buffer.h): <c>data</c>, which follows
    /// the <c>AVBuffer*</c> in every version (4.4 … 9.0 changed only the type of the <c>size</c>
    /// after it, int → size_t), so it sits one pointer in on every ABI.
    /// </summary>
    internal static class AVBufferRefLayout
    {
        internal static int Data => IntPtr.Size;
    }

    /// <summary>The two struct-layout families FFmpeg has on the boards Edge runs on.</summary>
    internal enum FfmpegAbi
    {
        /// <summary>64-bit pointers and longs, natural alignment: x86_64, aarch64 (and other LP64 Linux targets).</summary>
        Lp64,

        /// <summary>32-bit ARM EABI (armhf), where int64_t is 8-byte aligned.</summary>
        Armhf,
    }
}
