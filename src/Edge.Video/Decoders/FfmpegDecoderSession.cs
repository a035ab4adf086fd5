using Edge.Video.Conversion;
using Edge.Video.Encoders.Ffmpeg;
using static Edge.Video.Encoders.Ffmpeg.Interop;

namespace Edge.Video.Decoders;

/// <summary>
/// What every libavcodec picture decoder in Edge shares (<see cref="MjpegDecoder"/>,
/// <see cref="H264Decoder"/>): the codec context, one AVFrame and one AVPacket, opened and freed
/// together; and the decoded picture's planes, read as a <see cref="PlanarYuvPicture"/> for
/// <see cref="PlanarYuvConverter"/>.
/// </summary>
/// <remarks>
/// Decoders run single-threaded (<c>threads</c> = 1), so a picture comes out of the call that
/// completes it, and with libavcodec's own complaints about damaged input shifted below DEBUG
/// (<c>log_level_offset</c>): they would print once per bad frame, and Edge reports bad frames
/// itself, counted and rate-limited. Pixel formats are numbered by name at open
/// (<c>av_get_pix_fmt</c>), as enum values past the first few have moved between FFmpeg versions.
/// One thread at a time.
/// </remarks>
internal sealed unsafe class FfmpegDecoderSession : IDisposable
{
    private const int QuietLogOffset = 24;

    // The 8-bit planar formats libavcodec's mjpeg and h264 decoders give; "j" ones are full range.
    private static readonly (string Name, ChromaSampling Sampling, bool JpegRange)[] KnownFormats =
    [
        ("yuvj422p", ChromaSampling.Yuv422, true), ("yuvj420p", ChromaSampling.Yuv420, true),
        ("yuvj444p", ChromaSampling.Yuv444, true), ("yuvj440p", ChromaSampling.Yuv440, true),
        ("yuv422p", ChromaSampling.Yuv422, false), ("yuv420p", ChromaSampling.Yuv420, false),
        ("yuv444p", ChromaSampling.Yuv444, false), ("yuv440p", ChromaSampling.Yuv440, false),
        ("gray", ChromaSampling.Gray, false),
    ];

    private readonly int[] _formatNumbers = new int[KnownFormats.Length];

    private FfmpegDecoderSession(FfmpegLibrary library)
    {
        Library = library;
        for (var i = 0; i < KnownFormats.Length; i++)
        {
            using var name = new Utf8Z(KnownFormats[i].Name);
            _formatNumbers[i] = Avutil.av_get_pix_fmt(name.Pointer);
        }
    }

    public FfmpegLibrary Library { get; }

    public AVCodecContext* Context { get; private set; }

    public AVFrame* Frame { get; private set; }

    public AVPacket* Packet { get; private set; }

    /// <summary>Opens libavcodec's decoder <paramref name="decoder"/>.</summary>
    /// <param name="decoder">The decoder's name (<c>mjpeg</c>, <c>h264</c>).</param>
    /// <param name="neededFor">Who needs it, for the error when this FFmpeg lacks it ("Motion-JPEG cameras").</param>
    /// <param name="optionRefused">Told of an option the decoder did not take (name, value, reason); it opens anyway.</param>
    /// <exception cref="FfmpegException">FFmpeg is missing, lacks the decoder, or it did not open.</exception>
    public static FfmpegDecoderSession Open(string decoder, string neededFor, Action<string, long, string>? optionRefused = null)
    {
        var session = new FfmpegDecoderSession(FfmpegLibrary.Load());
        try
        {
            session.OpenContext(decoder, neededFor, optionRefused);
        }
        catch
        {
            session.Dispose();
            throw;
        }
        return session;
    }

    /// <summary>The decoded frame's size and pixel format number.</summary>
    public (int Width, int Height, int Format) FrameProperties
    {
        get
        {
            var layout = Library.FrameLayout;
            var frame = (byte*)Frame;
            return (*(int*)(frame + layout.Width), *(int*)(frame + layout.Height), *(int*)(frame + layout.Format));
        }
    }

    /// <summary>The decoded frame's pts (<c>long.MinValue</c>, AV_NOPTS_VALUE, when it has none).</summary>
    public long FramePts => *(long*)((byte*)Frame + Library.FrameLayout.Pts);

    /// <summary>
    /// How to read pixel format <paramref name="format"/>: its chroma sampling, and whether its
    /// samples are full range: always for the "j" formats; for the others as the context's
    /// <c>color_range</c> says, and when it says nothing, <paramref name="fullRangeUnlessTold"/>
    /// (JPEG is full range by definition, H.264 limited). False for a format Edge cannot read.
    /// </summary>
    public bool TryDescribe(int format, bool fullRangeUnlessTold, out ChromaSampling sampling, out bool fullRange)
    {
        var index = format == AV_PIX_FMT_NONE ? -1 : Array.IndexOf(_formatNumbers, format);
        sampling = default;
        fullRange = false;
        if (index < 0)
            return false;
        (_, sampling, var jpegRange) = KnownFormats[index];
        var range = ReadColorRange();
        fullRange = jpegRange || range == AVCOL_RANGE_JPEG || (fullRangeUnlessTold && range != AVCOL_RANGE_MPEG);
        return true;
    }

    /// <summary>
    /// The decoded frame's planes, <paramref name="width"/>×<paramref name="height"/> of them, as
    /// <paramref name="sampling"/> lays them out. False when a plane is missing or stored bottom-up.
    /// Valid until the frame is unreferenced.
    /// </summary>
    public bool TryGetPicture(ChromaSampling sampling, bool fullRange, int width, int height, out PlanarYuvPicture picture)
    {
        picture = default;
        var layout = Library.FrameLayout;
        var frame = (byte*)Frame;
        var planes = sampling == ChromaSampling.Gray ? 1 : 3;
        var pointers = stackalloc byte*[3];
        var pitches = stackalloc int[3];
        for (var plane = 0; plane < planes; plane++)
        {
            pointers[plane] = *(byte**)(frame + layout.Data + plane * sizeof(nint));
            pitches[plane] = *(int*)(frame + layout.Linesize + plane * sizeof(int));
            if (pointers[plane] is null || pitches[plane] <= 0)
                return false;
        }

        var y = new ReadOnlySpan<byte>(pointers[0], pitches[0] * (height - 1) + width);
        if (sampling == ChromaSampling.Gray)
        {
            picture = new PlanarYuvPicture(sampling, fullRange, width, height, y, pitches[0], default, 0, default, 0);
            return true;
        }

        var chromaWidth = sampling is ChromaSampling.Yuv420 or ChromaSampling.Yuv422 ? (width + 1) / 2 : width;
        var chromaHeight = sampling is ChromaSampling.Yuv420 or ChromaSampling.Yuv440 ? (height + 1) / 2 : height;
        var u = new ReadOnlySpan<byte>(pointers[1], pitches[1] * (chromaHeight - 1) + chromaWidth);
        var v = new ReadOnlySpan<byte>(pointers[2], pitches[2] * (chromaHeight - 1) + chromaWidth);
        picture = new PlanarYuvPicture(sampling, fullRange, width, height, y, pitches[0], u, pitches[1], v, pitches[2]);
        return true;
    }

    /// <summary>Frees the codec context, packet and frame.</summary>
    public void Dispose()
    {
        if (Context is not null)
        {
            var context = Context;
            Avcodec.avcodec_free_context(&context);
            Context = null;
        }
        if (Packet is not null)
        {
            var packet = Packet;
            Avcodec.av_packet_free(&packet);
            Packet = null;
        }
        if (Frame is not null)
        {
            var frame = Frame;
            Avutil.av_frame_free(&frame);
            Frame = null;
        }
    }

    private long ReadColorRange()
    {
        long range = AVCOL_RANGE_UNSPECIFIED;
        using var name = new Utf8Z("color_range");
        return Avutil.av_opt_get_int(Context, name.Pointer, 0, &range) >= 0 ? range : AVCOL_RANGE_UNSPECIFIED;
    }

    private void OpenContext(string decoder, string neededFor, Action<string, long, string>? optionRefused)
    {
        AVCodec* codec;
        using (var decoderName = new Utf8Z(decoder))
            codec = Avcodec.avcodec_find_decoder_by_name(decoderName.Pointer);
        if (codec is null)
            throw new FfmpegException($"{Library} was built without the {decoder} decoder; {neededFor} need it (Debian's libavcodec has it).");

        Context = Avcodec.avcodec_alloc_context3(codec);
        if (Context is null)
            throw new FfmpegException($"{decoder} decoder: avcodec_alloc_context3 failed (out of memory).");
        foreach (var (option, value) in new (string, long)[] { ("threads", 1), ("log_level_offset", QuietLogOffset) })
        {
            using var name = new Utf8Z(option);
            var set = Avutil.av_opt_set_int(Context, name.Pointer, value, 0);
            if (set < 0)
                optionRefused?.Invoke(option, value, FfmpegLibrary.DescribeError(set));
        }
        var result = Avcodec.avcodec_open2(Context, codec, null);
        if (result < 0)
            throw new FfmpegException($"The {decoder} decoder did not open: {FfmpegLibrary.DescribeError(result)}.", result);

        Frame = Avutil.av_frame_alloc();
        Packet = Avcodec.av_packet_alloc();
        if (Frame is null || Packet is null)
            throw new FfmpegException($"{decoder} decoder: out of memory allocating its frame or packet.");
    }
}
