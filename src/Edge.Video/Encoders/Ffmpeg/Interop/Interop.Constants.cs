namespace Edge.Video.Encoders.Ffmpeg;

internal static partial class Interop
{
    // Values identical in every FFmpeg from 4.4 to 9.0 (see the shared ABI notes, "const" rows).
    internal const int AV_PIX_FMT_YUV420P = 0;
    internal const int AV_PICTURE_TYPE_NONE = 0;
    internal const int AV_PICTURE_TYPE_I = 1;
    internal const int AV_PKT_FLAG_KEY = 1;
    internal const int AV_OPT_SEARCH_CHILDREN = 1;
    internal const int AVERROR_EAGAIN = -11;
    internal const int AVERROR_EOF = -541478725; // FFERRTAG('E','O','F',' ')
    internal const int AVERROR_OPTION_NOT_FOUND = -1414549496; // FFERRTAG(0xF8,'O','P','T')
    internal const int AV_LOG_QUIET = -8;
    internal const int AV_LOG_PANIC = 0;
    internal const int AV_LOG_FATAL = 8;
    internal const int AV_LOG_ERROR = 16;
    internal const int AV_LOG_WARNING = 24;
    internal const int AV_LOG_INFO = 32;
    internal const int AV_LOG_VERBOSE = 40;
    internal const int AV_LOG_DEBUG = 48;
    internal const int AV_LOG_TRACE = 56;
    internal const int AV_PIX_FMT_NONE = -1;
    internal const int AVCOL_RANGE_UNSPECIFIED = 0;
    internal const int AVCOL_RANGE_MPEG = 1; // limited ("TV") range: Y 16-235, Cb/Cr 16-240
    internal const int AVCOL_RANGE_JPEG = 2; // full ("PC") range: 0-255
    internal const int AV_INPUT_BUFFER_PADDING_SIZE = 64; // zeroed bytes a decoder may read past a packet's end

    /// <summary>Major part of an <c>AV_VERSION_INT</c>.</summary>
    internal static int VersionMajor(uint version) => (int)(version >> 16);

    /// <summary>An <c>AV_VERSION_INT</c> as a <see cref="Version"/> (major.minor.micro).</summary>
    internal static Version ToVersion(uint version) =>
        new((int)(version >> 16), (int)((version >> 8) & 0xFF), (int)(version & 0xFF));
}
