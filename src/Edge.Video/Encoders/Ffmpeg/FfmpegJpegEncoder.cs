using System.Globalization;
using Edge.Video.Snapshots;
using static Edge.Video.Encoders.Ffmpeg.Interop;

namespace Edge.Video.Encoders.Ffmpeg;

/// <summary>
/// One still picture to a JPEG through libavcodec's <c>mjpeg</c> encoder, scaled down on the way
/// when asked (see <see cref="JpegPictureScaler"/>).
/// </summary>
/// <remarks>
/// <para>A codec context is opened for each picture and freed after it: snapshots are asked for a
/// few times a second at most (their callers cache the result), opening the mjpeg encoder costs
/// far less than encoding a picture, and nothing stays allocated between requests, whatever sizes
/// they asked for.</para>
/// <para>The picture is handed over as full-range <c>yuv420p</c> with <c>color_range</c> set to
/// JPEG, which every FFmpeg from 4.4 on accepts without the deprecated <c>yuvj420p</c> format.
/// Quality is fixed by pinning the quantiser (<c>qmin</c> = <c>qmax</c>), so the rate control,
/// which has no bitrate to aim at for one picture, cannot choose it; only AVOptions are used, no
/// AVCodecContext offsets.</para>
/// </remarks>
public static unsafe class FfmpegJpegEncoder
{
    /// <summary>The quantiser used unless another is asked for: 2 is best, 31 worst; 5 looks clean at about a tenth of a byte per pixel.</summary>
    public const int DefaultQuantiser = 5;

    /// <summary>True when this system's FFmpeg has the mjpeg encoder; otherwise <paramref name="reason"/> says what is missing.</summary>
    public static bool IsAvailable(out string reason)
    {
        if (!FfmpegLibrary.TryLoad(out var library, out reason))
            return false;
        if (library.HasEncoder("mjpeg"))
            return true;
        reason = $"{library} was built without the mjpeg encoder";
        return false;
    }

    /// <summary>Encodes <paramref name="picture"/> scaled to <paramref name="width"/>×<paramref name="height"/>.</summary>
    /// <param name="picture">A limited-range I420 picture; only read during the call.</param>
    /// <param name="width">Output width: even, at most the picture's.</param>
    /// <param name="height">Output height: even, at most the picture's.</param>
    /// <param name="quantiser">2 (best) to 31.</param>
    /// <returns>The JPEG file's bytes.</returns>
    /// <exception cref="FfmpegException">FFmpeg or its mjpeg encoder is missing, or encoding failed.</exception>
    public static byte[] Encode(VideoFrame picture, int width, int height, int quantiser = DefaultQuantiser)
    {
        ArgumentNullException.ThrowIfNull(picture);
        ArgumentOutOfRangeException.ThrowIfLessThan(quantiser, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quantiser, 31);
        var library = FfmpegLibrary.Load();
        AVCodec* codec;
        using (var name = new Utf8Z("mjpeg"))
            codec = Avcodec.avcodec_find_encoder_by_name(name.Pointer);
        if (codec is null)
            throw new FfmpegException($"{library} was built without the mjpeg encoder, which snapshots need (Debian's libavcodec has it).");

        var context = Avcodec.avcodec_alloc_context3(codec);
        AVFrame* frame = null;
        AVPacket* packet = null;
        try
        {
            if (context is null)
                throw new FfmpegException("mjpeg: avcodec_alloc_context3 failed (out of memory).");
            Check(Set(context, "video_size", string.Create(CultureInfo.InvariantCulture, $"{width}x{height}")), "video_size");
            Check(Set(context, "pixel_format", "yuv420p"), "pixel_format");
            Check(Set(context, "color_range", "jpeg"), "color_range");
            Check(Set(context, "time_base", "1/25"), "time_base");
            Check(Set(context, "qmin", quantiser.ToString(CultureInfo.InvariantCulture)), "qmin");
            Check(Set(context, "qmax", quantiser.ToString(CultureInfo.InvariantCulture)), "qmax");
            Check(Set(context, "threads", "1"), "threads");
            Check(Avcodec.avcodec_open2(context, codec, null), "avcodec_open2");

            frame = Avutil.av_frame_alloc();
            packet = Avcodec.av_packet_alloc();
            if (frame is null || packet is null)
                throw new FfmpegException("mjpeg: out of memory allocating a frame or packet.");
            FillFrame(library, frame, picture, width, height);
            Check(Avcodec.avcodec_send_frame(context, frame), "avcodec_send_frame");
            Check(Avcodec.avcodec_send_frame(context, null), "avcodec_send_frame (flush)");
            Check(Avcodec.avcodec_receive_packet(context, packet), "avcodec_receive_packet");
            var layout = library.PacketLayout;
            var data = *(byte**)((byte*)packet + layout.Data);
            var size = *(int*)((byte*)packet + layout.Size);
            if (data is null || size <= 0)
                throw new FfmpegException("mjpeg: the encoder returned an empty picture.");
            return new ReadOnlySpan<byte>(data, size).ToArray();
        }
        finally
        {
            if (packet is not null)
                Avcodec.av_packet_free(&packet);
            if (frame is not null)
                Avutil.av_frame_free(&frame);
            if (context is not null)
                Avcodec.avcodec_free_context(&context);
        }
    }

    private static void FillFrame(FfmpegLibrary library, AVFrame* frame, VideoFrame picture, int width, int height)
    {
        var layout = library.FrameLayout;
        var bytes = (byte*)frame;
        *(int*)(bytes + layout.Width) = width;
        *(int*)(bytes + layout.Height) = height;
        *(int*)(bytes + layout.Format) = AV_PIX_FMT_YUV420P;
        Check(Avutil.av_frame_get_buffer(frame, 0), "av_frame_get_buffer");
        for (var plane = 0; plane < 3; plane++)
        {
            var data = *(byte**)(bytes + layout.Data + plane * sizeof(nint));
            var stride = *(int*)(bytes + layout.Linesize + plane * sizeof(int));
            var rows = plane == 0 ? height : height / 2;
            var columns = plane == 0 ? width : width / 2;
            if (data is null || stride < columns)
                throw new FfmpegException($"mjpeg: AVFrame plane {plane} came back with stride {stride} for {width}x{height}; the AVFrame layout Edge uses for {library} is wrong.");
            JpegPictureScaler.ScalePlane(picture, plane, width, height, new Span<byte>(data, stride * (rows - 1) + columns), stride);
        }
    }

    private static int Set(AVCodecContext* context, string option, string value)
    {
        using var name = new Utf8Z(option);
        using var text = new Utf8Z(value);
        return Avutil.av_opt_set(context, name.Pointer, text.Pointer, 0);
    }

    private static void Check(int result, string step)
    {
        if (result < 0)
            throw new FfmpegException($"mjpeg: {step} failed: {FfmpegLibrary.DescribeError(result)} (AVERROR {result}).", result);
    }
}
