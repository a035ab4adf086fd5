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
    // AV_NOPTS_VALUE: the decoder could not tell which unit a picture came from.
    private const long NoPts = long.MinValue;

    private readonly int _maxFramesOut;
    private FfmpegDecoderSession? _session;
    private VideoFramePool? _pool;
    private long _lastInputTimestamp;

    private H264Decoder(int maxFramesOut)
    {
        _maxFramesOut = maxFramesOut;
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
        return new H264Decoder(maxFramesOut) { _session = FfmpegDecoderSession.Open("h264", "snapshots of H.264 cameras") };
    }

    /// <summary>
    /// Decodes one access unit. Returns the picture it completed, which the caller owns and must
    /// dispose, or null when none came out (a parameter-set-only unit, a reordering delay, a
    /// unit the decoder refused, or no free frame).
    /// </summary>
    /// <param name="annexB">One access unit with start codes; only read during the call.</param>
    /// <param name="captureTimestamp">The unit's capture time, given to the picture it belongs to.</param>
    /// <exception cref="FfmpegException">The picture has a pixel format Edge cannot read.</exception>
    public VideoFrame? Decode(ReadOnlySpan<byte> annexB, long captureTimestamp)
    {
        var session = _session;
        ObjectDisposedException.ThrowIf(session is null, this);
        if (annexB.IsEmpty)
            return null;
        _lastInputTimestamp = captureTimestamp;
        var layout = session.Library.PacketLayout;
        var packet = (byte*)session.Packet;
        int result;
        fixed (byte* data = annexB)
        {
            *(byte**)(packet + layout.Data) = data;
            *(int*)(packet + layout.Size) = annexB.Length;
            *(long*)(packet + layout.Pts) = captureTimestamp;
            result = Avcodec.avcodec_send_packet(session.Context, session.Packet);
            if (result == AVERROR_EAGAIN)
            {
                // A picture is waiting to be read first (not expected single-threaded): keep the newest.
                Receive(session)?.Dispose();
                result = Avcodec.avcodec_send_packet(session.Context, session.Packet);
            }
            *(byte**)(packet + layout.Data) = null;
            *(int*)(packet + layout.Size) = 0;
        }

        // A refused unit (a slice before the first IDR, damage) is skipped; the next IDR recovers.
        return result < 0 ? null : Receive(session);
    }

    /// <summary>Frees the codec context, frame and packet.</summary>
    public void Dispose()
    {
        _session?.Dispose();
        _session = null;
    }

    private VideoFrame? Receive(FfmpegDecoderSession session)
    {
        if (Avcodec.avcodec_receive_frame(session.Context, session.Frame) < 0)
            return null;
        VideoFrame? picture = null;
        try
        {
            var (width, height, format) = session.FrameProperties;
            // An odd edge (not seen from cameras) loses its last column or row: I420 frames are even.
            width &= ~1;
            height &= ~1;
            if (!session.TryDescribe(format, fullRangeUnlessTold: false, out var sampling, out var fullRange))
                throw new FfmpegException($"the stream decodes to pixel format {MjpegDecoder.PixelFormatName(format)}; Edge reads 8-bit planar YUV (4:2:0, 4:2:2, 4:4:4) and gray.");
            if (width < 2 || height < 2)
                return null;
            if (_pool is null || _pool.Width != width || _pool.Height != height)
                _pool = new VideoFramePool(width, height, _maxFramesOut);
            if (!_pool.TryRent(out picture))
            {
                PicturesSkipped++;
                return null;
            }
            if (!session.TryGetPicture(sampling, fullRange, width, height, out var source))
                throw new FfmpegException($"the decoder gave a {MjpegDecoder.PixelFormatName(format)} picture with a plane missing or bottom-up.");
            PlanarYuvConverter.ToI420(source, picture);
            var pts = session.FramePts;
            picture.CaptureTimestamp = pts == NoPts ? _lastInputTimestamp : pts;
            PicturesDecoded++;
            var decoded = picture;
            picture = null;
            return decoded;
        }
        finally
        {
            picture?.Dispose();
            Avutil.av_frame_unref(session.Frame);
        }
    }
}
