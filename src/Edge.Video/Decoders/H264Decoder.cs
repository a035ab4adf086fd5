using Edge.Video.Conversion;
using Edge.Video.Encoders.Ffmpeg;
using static Edge.Video.Encoders.Ffmpeg.Interop;

namespace Edge.Video.Decoders;

/// <summary>
/// Decodes H.264 access units (Annex B, as the stream hub carries them) into limited-range I420
/// <see cref="VideoFrame"/>s with libavcodec's <c>h264</c> decoder, for snapshots of cameras whose
/// pictures exist only as H.264 (passthrough, rpicam, H.264 webcams).
/// </summary>
/// <remarks>
/// <para>The decoder runs single-threaded, so a picture comes out as soon as the unit that
/// completes it goes in (after the stream's own reordering delay, none for the zero-latency
/// streams cameras make). The capture time travels through libavcodec as the packet's pts, so a
/// picture carries the time of its own unit even when the stream reorders.</para>
/// <para>Packets point at the caller's bytes without a reference-counted buffer; libavcodec then
/// copies them (with its padding) before it returns, so the span needs to live only during the
/// call. Pictures come from a small <see cref="VideoFramePool"/> of the stream's size, made again
/// when the size changes; when every frame is still held by its users a picture is skipped, never
/// waited for. 8-bit planar 4:2:0, 4:2:2 and 4:4:4 (and their full-range "j" forms, scaled to
/// limited) and greyscale are taken, converted as <see cref="PlanarYuvConverter"/> does for
/// Motion-JPEG; anything else (10-bit High profiles, which cameras do not send) is refused with a message.</para>
/// <para>One thread at a time.</para>
/// </remarks>
public sealed unsafe class H264Decoder : IDisposable
{
    // libavcodec's complaints about a stream that starts without its IDR or has a damaged slice
    // are shifted below DEBUG: the caller counts failures itself and would otherwise get one line per unit.
    private const int QuietLogOffset = 24;

    // AV_NOPTS_VALUE: the decoder could not tell which unit a picture came from.
    private const long NoPts = long.MinValue;

    private readonly FfmpegLibrary _library;
    private readonly int _maxFramesOut;
    // The planar 8-bit formats libavcodec's h264 decoder gives (Baseline to High 4:4:4), numbered
    // by name at open since enum values past the first few moved between FFmpeg versions.
    private static readonly (string Name, ChromaSampling Sampling, bool FullRange)[] KnownFormats =
    [
        ("yuv420p", ChromaSampling.Yuv420, false), ("yuvj420p", ChromaSampling.Yuv420, true),
        ("yuv422p", ChromaSampling.Yuv422, false), ("yuvj422p", ChromaSampling.Yuv422, true),
        ("yuv444p", ChromaSampling.Yuv444, false), ("yuvj444p", ChromaSampling.Yuv444, true),
        ("gray", ChromaSampling.Gray, false),
    ];

    private readonly int[] _formatNumbers = new int[KnownFormats.Length];
    private AVCodecContext* _context;
    private AVFrame* _frame;
    private AVPacket* _packet;
    private VideoFramePool? _pool;
    private long _lastInputTimestamp;

    private H264Decoder(FfmpegLibrary library, int maxFramesOut)
    {
        _library = library;
        _maxFramesOut = maxFramesOut;
        for (var i = 0; i < KnownFormats.Length; i++)
        {
            using var name = new Utf8Z(KnownFormats[i].Name);
            _formatNumbers[i] = Avutil.av_get_pix_fmt(name.Pointer);
        }
    }

    /// <summary>Pictures decoded so far.</summary>
    public long PicturesDecoded { get; private set; }

    /// <summary>Pictures skipped because every pooled frame was still in use.</summary>
    public long PicturesSkipped { get; private set; }

    /// <summary>Opens a decoder.</summary>
    /// <param name="maxFramesOut">How many decoded frames its callers may hold at once (1 … 16).</param>
    /// <exception cref="FfmpegException">FFmpeg is missing, has no h264 decoder, or it did not open.</exception>
    public static H264Decoder Open(int maxFramesOut = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFramesOut, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxFramesOut, 16);
        var decoder = new H264Decoder(FfmpegLibrary.Load(), maxFramesOut);
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
    /// Decodes one access unit. Returns the picture it completed, which the caller owns and must
    /// dispose, or null when none came out (a parameter-set-only unit, a reordering delay, a
    /// unit the decoder refused, or no free frame).
    /// </summary>
    /// <param name="annexB">One access unit with start codes; only read during the call.</param>
    /// <param name="captureTimestamp">The unit's capture time, given to the picture it belongs to.</param>
    /// <exception cref="FfmpegException">The picture has a pixel format snapshots cannot use, or libavcodec ran out of memory.</exception>
    public VideoFrame? Decode(ReadOnlySpan<byte> annexB, long captureTimestamp)
    {
        ObjectDisposedException.ThrowIf(_context is null, this);
        if (annexB.IsEmpty)
            return null;
        _lastInputTimestamp = captureTimestamp;
        var layout = _library.PacketLayout;
        var packet = (byte*)_packet;
        int result;
        fixed (byte* data = annexB)
        {
            *(byte**)(packet + layout.Data) = data;
            *(int*)(packet + layout.Size) = annexB.Length;
            *(long*)(packet + layout.Pts) = captureTimestamp;
            result = Avcodec.avcodec_send_packet(_context, _packet);
            if (result == AVERROR_EAGAIN)
            {
                // A picture is waiting to be read first (not expected single-threaded): keep the newest.
                using (Receive())
                {
                }
                result = Avcodec.avcodec_send_packet(_context, _packet);
            }
            *(byte**)(packet + layout.Data) = null;
            *(int*)(packet + layout.Size) = 0;
        }

        // A refused unit (a slice before the first IDR, damage) is skipped; the next IDR recovers.
        return result < 0 ? null : Receive();
    }

    /// <summary>Frees the codec context, frame and packet.</summary>
    public void Dispose()
    {
        if (_context is not null)
        {
            var context = _context;
            Avcodec.avcodec_free_context(&context);
            _context = null;
        }
        if (_packet is not null)
        {
            var packet = _packet;
            Avcodec.av_packet_free(&packet);
            _packet = null;
        }
        if (_frame is not null)
        {
            var frame = _frame;
            Avutil.av_frame_free(&frame);
            _frame = null;
        }
    }

    private VideoFrame? Receive()
    {
        if (Avcodec.avcodec_receive_frame(_context, _frame) < 0)
            return null;
        try
        {
            var layout = _library.FrameLayout;
            var frame = (byte*)_frame;
            var width = *(int*)(frame + layout.Width) & ~1;
            var height = *(int*)(frame + layout.Height) & ~1;
            var format = *(int*)(frame + layout.Format);
            var known = format == AV_PIX_FMT_NONE ? -1 : Array.IndexOf(_formatNumbers, format);
            if (known < 0)
                throw new FfmpegException($"the stream decodes to pixel format {MjpegDecoder.PixelFormatName(format)}; snapshots take 8-bit planar YUV (yuv420p, yuv422p, yuv444p) or gray.");
            var (_, sampling, fullRange) = KnownFormats[known];
            if (width < 2 || height < 2)
                return null;
            if (_pool is null || _pool.Width != width || _pool.Height != height)
                _pool = new VideoFramePool(width, height, _maxFramesOut);
            if (!_pool.TryRent(out var picture))
            {
                PicturesSkipped++;
                return null;
            }

            var planes = sampling == ChromaSampling.Gray ? 1 : 3;
            var pointers = stackalloc byte*[3];
            var pitches = stackalloc int[3];
            for (var plane = 0; plane < planes; plane++)
            {
                pointers[plane] = *(byte**)(frame + layout.Data + plane * sizeof(nint));
                pitches[plane] = *(int*)(frame + layout.Linesize + plane * sizeof(int));
                if (pointers[plane] is null || pitches[plane] <= 0)
                {
                    picture.Dispose();
                    throw new FfmpegException($"the decoder gave plane {plane} of a {MjpegDecoder.PixelFormatName(format)} picture without data or bottom-up.");
                }
            }
            var chromaWidth = sampling == ChromaSampling.Yuv444 ? width : width / 2;
            var chromaHeight = sampling == ChromaSampling.Yuv420 ? height / 2 : height;
            var source = planes == 1
                ? new PlanarYuvPicture(sampling, fullRange, width, height, new ReadOnlySpan<byte>(pointers[0], pitches[0] * (height - 1) + width), pitches[0], default, 0, default, 0)
                : new PlanarYuvPicture(sampling, fullRange, width, height,
                    new ReadOnlySpan<byte>(pointers[0], pitches[0] * (height - 1) + width), pitches[0],
                    new ReadOnlySpan<byte>(pointers[1], pitches[1] * (chromaHeight - 1) + chromaWidth), pitches[1],
                    new ReadOnlySpan<byte>(pointers[2], pitches[2] * (chromaHeight - 1) + chromaWidth), pitches[2]);
            PlanarYuvConverter.ToI420(source, picture);
            var pts = *(long*)(frame + layout.Pts);
            picture.CaptureTimestamp = pts == NoPts ? _lastInputTimestamp : pts;
            PicturesDecoded++;
            return picture;
        }
        finally
        {
            Avutil.av_frame_unref(_frame);
        }
    }

    private void OpenContext()
    {
        using var decoderName = new Utf8Z("h264");
        var codec = Avcodec.avcodec_find_decoder_by_name(decoderName.Pointer);
        if (codec is null)
            throw new FfmpegException($"{_library} was built without the h264 decoder, which snapshots of H.264 cameras need (Debian's libavcodec has it).");
        _context = Avcodec.avcodec_alloc_context3(codec);
        if (_context is null)
            throw new FfmpegException("h264 decoder: avcodec_alloc_context3 failed (out of memory).");
        SetInt("threads", 1);
        SetInt("log_level_offset", QuietLogOffset);
        var result = Avcodec.avcodec_open2(_context, codec, null);
        if (result < 0)
            throw new FfmpegException($"The h264 decoder did not open: {FfmpegLibrary.DescribeError(result)}.", result);
        _frame = Avutil.av_frame_alloc();
        _packet = Avcodec.av_packet_alloc();
        if (_frame is null || _packet is null)
            throw new FfmpegException("h264 decoder: out of memory allocating its frame or packet.");
    }

    private void SetInt(string option, long value)
    {
        using var name = new Utf8Z(option);
        _ = Avutil.av_opt_set_int(_context, name.Pointer, value, 0);
    }
}
