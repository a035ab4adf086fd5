using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using Edge.Video.Conversion;
using Edge.Video.Encoders.Ffmpeg;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using static Edge.Video.Encoders.Ffmpeg.Interop;

namespace Edge.Video.Decoders;

/// <summary>
/// Decodes Motion-JPEG pictures (one JPEG per camera frame) into I420 <see cref="VideoFrame"/>s
/// with libavcodec's <c>mjpeg</c> decoder, skipping pictures that are empty, cut short or damaged.
/// </summary>
/// <remarks>
/// <para><b>What is checked before decoding.</b> USB cameras deliver truncated frames (a lost
/// packet, a full bus), empty buffers and leftovers. A picture must start with the start-of-image
/// marker (FF D8) and contain an end-of-image marker (FF D9); anything after the last FF D9 is
/// padding and is dropped. Entropy-coded JPEG data never contains FF D9 (an FF data byte is
/// always followed by 00), so a picture that was cut short has no end marker. Pictures that pass
/// go to libavcodec, and anything it refuses, or a picture of the wrong size or an unknown pixel
/// format, is rejected too. A rejection is a value (<see cref="FrameRejection"/>), never an
/// exception: the caller counts it and carries on with the next frame.</para>
/// <para><b>Conversion.</b> The decoded planes (4:2:2 from almost every webcam, 4:2:0, 4:4:4,
/// 4:4:0 or greyscale; full range) are converted by <see cref="PlanarYuvConverter"/>, which also
/// explains why full range is scaled to limited range rather than signalled to the encoder.</para>
/// <para><b>Allocation.</b> One codec context, one AVPacket and one AVFrame are allocated at open
/// and reused. Packets are reference-counted buffers from an <c>AVBufferPool</c> (libavcodec keeps
/// a reference while it decodes, so a buffer is reused only once it is done), each with the zeroed
/// padding libavcodec may read past the end. Nothing managed is allocated per picture.</para>
/// <para><b>Threads.</b> One thread at a time (the capture loop). The decoder runs single-threaded,
/// so each picture comes out of the call that put it in.</para>
/// </remarks>
public sealed unsafe partial class MjpegDecoder : IDisposable
{
    private static readonly byte[] EndOfImage = [0xFF, 0xD9];

    private readonly ILogger _logger;
    private FfmpegDecoderSession? _session;
    private AVBufferPool* _pool;
    private int _lastFormat = AV_PIX_FMT_NONE;
    private ChromaSampling _lastSampling;
    private bool _lastFullRange;
    private long _framesDecoded;
    private long _framesRejected;

    private MjpegDecoder(int width, int height, int maxCompressedBytes, ILogger logger)
    {
        _logger = logger;
        Width = width;
        Height = height;
        MaxCompressedBytes = maxCompressedBytes;
    }

    /// <summary>Width every picture must have.</summary>
    public int Width { get; }

    /// <summary>Height every picture must have.</summary>
    public int Height { get; }

    /// <summary>The largest JPEG accepted, in bytes (the size of each pooled packet buffer, less padding).</summary>
    public int MaxCompressedBytes { get; }

    /// <summary>Pictures decoded so far.</summary>
    public long FramesDecoded => Interlocked.Read(ref _framesDecoded);

    /// <summary>Pictures skipped so far (see <see cref="FrameRejection"/>).</summary>
    public long FramesRejected => Interlocked.Read(ref _framesRejected);

    /// <summary>What the last picture decoded was, e.g. <c>yuvj422p, full range</c>; empty before the first.</summary>
    public string PictureFormat => _lastFormat == AV_PIX_FMT_NONE ? "" : Describe(_lastFormat, _lastFullRange);

    /// <summary>
    /// True when Motion-JPEG can be decoded here: FFmpeg's libraries load and include the
    /// <c>mjpeg</c> decoder. Otherwise <paramref name="reason"/> says what is missing.
    /// </summary>
    public static bool IsAvailable([NotNullWhen(false)] out string? reason)
    {
        if (!FfmpegLibrary.TryLoad(out var library, out var error))
        {
            reason = error;
            return false;
        }

        if (!library.HasDecoder("mjpeg"))
        {
            reason = $"{library} was built without the mjpeg decoder";
            return false;
        }

        reason = null;
        return true;
    }

    /// <summary>Opens a decoder for pictures of one size.</summary>
    /// <param name="width">Picture width (even).</param>
    /// <param name="height">Picture height (even).</param>
    /// <param name="maxCompressedBytes">The largest JPEG to accept; 0 for width × height × 2 (what UVC cameras size their buffers to).</param>
    /// <param name="logger">Where the picture format is reported when it is first seen or changes.</param>
    /// <exception cref="FfmpegException">FFmpeg is missing, has no mjpeg decoder, or the decoder did not open.</exception>
    public static MjpegDecoder Open(int width, int height, int maxCompressedBytes = 0, ILogger? logger = null)
    {
        VideoFramePool.ThrowIfBadSize(width, height);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCompressedBytes);
        if (maxCompressedBytes == 0)
            maxCompressedBytes = width * height * 2;
        var decoder = new MjpegDecoder(width, height, maxCompressedBytes, logger ?? NullLogger.Instance);
        try
        {
            decoder.OpenContext();
        }
        catch
        {
            decoder.Dispose();
            throw;
        }

        return decoder;
    }

    /// <summary>
    /// Decodes one JPEG into <paramref name="destination"/>. Returns false, with the reason, when
    /// the picture is unusable; <paramref name="destination"/>'s pixels are then undefined, and the
    /// decoder is ready for the next picture either way.
    /// </summary>
    /// <param name="jpeg">One picture as the camera delivered it (trailing padding is fine). Only read during the call.</param>
    /// <param name="destination">A frame of the decoder's size; the caller keeps ownership.</param>
    /// <param name="rejection">Why the picture was skipped, when it was.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is not the decoder's size.</exception>
    /// <exception cref="FfmpegException">libavcodec ran out of memory.</exception>
    public bool TryDecode(ReadOnlySpan<byte> jpeg, VideoFrame destination, out FrameRejection rejection)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ObjectDisposedException.ThrowIf(_session is null, this);
        if (destination.Width != Width || destination.Height != Height)
            throw new ArgumentException($"The frame is {destination.Width}x{destination.Height}, the decoder was opened for {Width}x{Height}.", nameof(destination));

        rejection = Check(jpeg, out var length);
        if (rejection.Reason == FrameRejectionReason.None)
            rejection = Send(jpeg[..length]);
        if (rejection.Reason == FrameRejectionReason.None)
            rejection = Receive(destination);
        if (rejection.Reason != FrameRejectionReason.None)
        {
            Interlocked.Increment(ref _framesRejected);
            return false;
        }

        Interlocked.Increment(ref _framesDecoded);
        return true;
    }

    /// <summary>Frees the codec context, packet, frame and (once libavcodec has returned its buffers) the packet pool.</summary>
    public void Dispose()
    {
        _session?.Dispose();
        _session = null;
        if (_pool is not null)
        {
            var pool = _pool;
            Avutil.av_buffer_pool_uninit(&pool);
            _pool = null;
        }
    }

    /// <summary>FFmpeg's name for a pixel format number, e.g. <c>yuvj422p</c>.</summary>
    internal static string PixelFormatName(int format)
    {
        var name = Avutil.av_get_pix_fmt_name is null ? null : Avutil.av_get_pix_fmt_name(format);
        return name is null
            ? "#" + format.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : Marshal.PtrToStringUTF8((nint)name) ?? "?";
    }

    // The structural checks: SOI first, an EOI somewhere after it. length = up to and including the last EOI.
    private FrameRejection Check(ReadOnlySpan<byte> jpeg, out int length)
    {
        length = 0;
        if (jpeg.IsEmpty)
            return FrameRejection.Because(FrameRejectionReason.Empty);
        if (jpeg.Length < 2 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
            return FrameRejection.Because(FrameRejectionReason.NoStartOfImage);
        var end = jpeg[2..].LastIndexOf(EndOfImage);
        if (end < 0)
            return FrameRejection.Because(FrameRejectionReason.NoEndOfImage);
        length = end + 2 + EndOfImage.Length;
        if (length > MaxCompressedBytes)
            return new FrameRejection { Reason = FrameRejectionReason.TooLarge, Length = length, Limit = MaxCompressedBytes };
        return default;
    }

    private FrameRejection Send(ReadOnlySpan<byte> jpeg)
    {
        var buffer = Avutil.av_buffer_pool_get(_pool);
        if (buffer is null)
            throw new FfmpegException($"MJPEG decoder: out of memory for a {MaxCompressedBytes}-byte packet buffer.");
        var data = *(byte**)((byte*)buffer + AVBufferRefLayout.Data);
        jpeg.CopyTo(new Span<byte>(data, jpeg.Length));
        new Span<byte>(data + jpeg.Length, AV_INPUT_BUFFER_PADDING_SIZE).Clear();

        // The packet takes our reference to the pooled buffer; av_packet_unref gives it back (the
        // decoder holds its own while it needs the data) and resets the packet for the next picture.
        var session = _session!;
        var layout = session.Library.PacketLayout;
        var packet = (byte*)session.Packet;
        *(AVBufferRef**)(packet + layout.Buf) = buffer;
        *(byte**)(packet + layout.Data) = data;
        *(int*)(packet + layout.Size) = jpeg.Length;
        var result = Avcodec.avcodec_send_packet(session.Context, session.Packet);
        if (result == AVERROR_EAGAIN)
        {
            // A picture from an earlier packet is still waiting (not expected of a single-threaded
            // mjpeg decoder): drop it so this one goes in.
            DiscardPending();
            result = Avcodec.avcodec_send_packet(session.Context, session.Packet);
        }

        Avcodec.av_packet_unref(session.Packet);
        return result < 0 ? new FrameRejection { Reason = FrameRejectionReason.DecoderError, ErrorCode = result } : default;
    }

    private FrameRejection Receive(VideoFrame destination)
    {
        var session = _session!;
        var result = Avcodec.avcodec_receive_frame(session.Context, session.Frame);
        if (result == AVERROR_EAGAIN)
            return FrameRejection.Because(FrameRejectionReason.NoPicture);
        if (result < 0)
            return new FrameRejection { Reason = FrameRejectionReason.DecoderError, ErrorCode = result };

        try
        {
            var (width, height, format) = session.FrameProperties;
            if (width != Width || height != Height)
                return new FrameRejection { Reason = FrameRejectionReason.WrongSize, Decoded = (width, height), Expected = (Width, Height) };
            if (format != _lastFormat && !Adopt(format))
                return new FrameRejection { Reason = FrameRejectionReason.UnsupportedPixelFormat, PixelFormat = format };

            if (!session.TryGetPicture(_lastSampling, _lastFullRange, width, height, out var picture))
                return new FrameRejection { Reason = FrameRejectionReason.UnsupportedPixelFormat, PixelFormat = format }; // bottom-up or missing planes
            PlanarYuvConverter.ToI420(picture, destination);
            return default;
        }
        finally
        {
            Avutil.av_frame_unref(session.Frame);
        }
    }

    // A pixel format seen for the first time (normally once per stream): how to convert it, and
    // whether its samples are full range. JPEG (JFIF) is full range unless FFmpeg says otherwise:
    // its yuvj* formats are full range, and for the others (JPEGs marked "CS=ITU601", greyscale)
    // the decoder context's color_range decides, full unless it is explicitly limited (MPEG).
    private bool Adopt(int format)
    {
        if (!_session!.TryDescribe(format, fullRangeUnlessTold: true, out var sampling, out var fullRange))
            return false;
        _lastFormat = format;
        _lastSampling = sampling;
        _lastFullRange = fullRange;
        LogPictureFormat(_logger, Width, Height, Describe(format, fullRange));
        return true;
    }

    private static string Describe(int format, bool fullRange) =>
        $"{PixelFormatName(format)}, {(fullRange ? "full range (scaled to limited)" : "limited range")}";

    private void DiscardPending()
    {
        var session = _session!;
        for (var i = 0; i < 16 && Avcodec.avcodec_receive_frame(session.Context, session.Frame) == 0; i++)
            Avutil.av_frame_unref(session.Frame);
    }

    private void OpenContext()
    {
        _session = FfmpegDecoderSession.Open("mjpeg", "Motion-JPEG cameras", (option, value, reason) => LogOptionIgnored(_logger, option, value, reason));
        _pool = Avutil.av_buffer_pool_init((nuint)(MaxCompressedBytes + AV_INPUT_BUFFER_PADDING_SIZE), null);
        if (_pool is null)
            throw new FfmpegException("MJPEG decoder: out of memory allocating its packet pool.");
    }

    [LoggerMessage(EventId = 2700, Level = LogLevel.Information, Message = "MJPEG {Width}x{Height}: pictures are {Format}")]
    private static partial void LogPictureFormat(ILogger logger, int width, int height, string format);

    [LoggerMessage(EventId = 2701, Level = LogLevel.Debug, Message = "MJPEG decoder: option {Option} = {Value} not taken ({Reason})")]
    private static partial void LogOptionIgnored(ILogger logger, string option, long value, string reason);
}
