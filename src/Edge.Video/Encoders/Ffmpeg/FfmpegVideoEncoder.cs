using System.Globalization;
using Edge.Media;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using static Edge.Video.Encoders.Ffmpeg.Interop;

namespace Edge.Video.Encoders.Ffmpeg;

/// <summary>
/// H.264 through the system's libavcodec: <c>h264_v4l2m2m</c>, <c>h264_rkmpp</c>,
/// <c>h264_vaapi</c>, <c>libx264</c> or <c>libopenh264</c>, whichever comes first in the
/// preference list and opens.
/// </summary>
/// <remarks>
/// <para>Parameters are set through AVOptions only (<c>b</c>, <c>g</c>, <c>bf</c>, <c>time_base</c>,
/// <c>video_size</c>, <c>pixel_format</c>, <c>threads</c>, <c>maxrate</c>, <c>bufsize</c>,
/// <c>profile</c>, and for libx264 <c>preset</c>, <c>tune</c>, <c>forced-idr</c>), so no
/// AVCodecContext offset is ever needed. The encoder's time base is 1/fps and its pts counts
/// frames; the 90 kHz time of each output unit comes from the capture timestamp of the frame it
/// encodes, matched through a small ring of pts → (capture time, frame number).</para>
/// <para>No global header is requested, so libx264 repeats SPS/PPS in front of every IDR; for
/// encoders that do not, the last SPS/PPS seen is inserted (see <see cref="IVideoEncoder"/>).</para>
/// <para>One AVFrame, one AVPacket and their buffers are allocated at open and reused: encoding
/// allocates nothing per frame.</para>
/// </remarks>
public sealed unsafe class FfmpegVideoEncoder : IVideoEncoder
{
    private const int PendingCapacity = 128; // frames in flight inside the encoder; libx264 zerolatency holds 0

    private readonly FfmpegLibrary _library;
    private readonly Action<AccessUnit> _output;
    private readonly ILogger _logger;
    private readonly VideoEncoderSettings _settings;
    private readonly H264UnitPackager _packager = new();
    private readonly PendingFrame[] _pending = new PendingFrame[PendingCapacity];
    private AVCodecContext* _context;
    private AVFrame* _frame;
    private AVPacket* _packet;
    private long _nextPts;
    private long _nextOutputPts;
    private int _keyframeRequested;
    private bool _flushed;
    private bool _warnedMissingParameterSets;

    private FfmpegVideoEncoder(FfmpegLibrary library, string name, bool canForceKeyframes, VideoEncoderSettings settings,
        EffectiveEncoderSettings effective, AVCodecContext* context, Action<AccessUnit> output, ILogger logger)
    {
        _library = library;
        Name = name;
        Effective = effective;
        CanForceKeyframes = canForceKeyframes;
        _settings = settings;
        _context = context;
        _output = output;
        _logger = logger;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public bool CanForceKeyframes { get; }

    /// <inheritdoc />
    public EffectiveEncoderSettings Effective { get; }

    /// <summary>Frames passed to <see cref="Encode"/> so far.</summary>
    public long FramesEncoded => _nextPts;

    /// <summary>Access units delivered so far.</summary>
    public long AccessUnitsProduced { get; private set; }

    /// <summary>
    /// Loads FFmpeg and opens the first encoder of <see cref="FfmpegEncoderOptions.Preference"/>
    /// that accepts <paramref name="settings"/>. Each one that is missing or fails to open is
    /// logged with the reason and the next is tried.
    /// </summary>
    /// <param name="settings">Size, rate, bitrate, GOP and profile.</param>
    /// <param name="output">Receives each access unit, owning its one reference (see <see cref="IVideoEncoder"/>).</param>
    /// <param name="options">Preference list and libx264 tuning; defaults when null.</param>
    /// <param name="logger">Where choices and failures are reported.</param>
    /// <exception cref="FfmpegException">FFmpeg is not installed, or no encoder in the list opened; the message lists each one's reason.</exception>
    public static FfmpegVideoEncoder Open(VideoEncoderSettings settings, Action<AccessUnit> output, FfmpegEncoderOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        settings.Validate();
        options ??= new FfmpegEncoderOptions();
        logger ??= NullLogger.Instance;
        if (options.Preference.Count == 0)
            throw new ArgumentException("The encoder preference list is empty.", nameof(options));

        var library = FfmpegLibrary.Load();
        FfmpegLog.LibraryLoaded(logger, library);

        var reasons = new List<string>();
        foreach (var name in options.Preference)
        {
            AVCodecContext* context;
            string reason;
            using (var probe = FfmpegLogBridge.Probe())
            {
                context = TryOpenContext(library, name, settings, options, logger, out reason);
                if (context is null && probe.Errors.Length > 0)
                    reason += $"; FFmpeg said: {probe.Errors}";
            }

            if (context is null)
            {
                FfmpegLog.EncoderSkipped(logger, name, reason);
                reasons.Add($"{name}: {reason}");
                continue;
            }

            var effective = EffectiveEncoderSettings.From(name, settings, name == "libx264" ? X264Preset(settings, options) : "");
            var encoder = new FfmpegVideoEncoder(library, name, CanForce(name), settings, effective, context, output, logger);
            try
            {
                encoder.AllocateFrameAndPacket();
            }
            catch
            {
                encoder.Dispose();
                throw;
            }

            FfmpegLog.EncoderOpened(logger, name, settings.Width, settings.Height, settings.FramesPerSecond, settings.GopLength, effective.Summary);
            return encoder;
        }

        throw new FfmpegException($"No H.264 encoder could be opened with {library}: {string.Join("; ", reasons)}.");
    }

    /// <summary>
    /// Tries every encoder of <paramref name="options"/>' preference list at
    /// <paramref name="settings"/> and closes it again, for <c>edge devices</c>: which ones open on
    /// this machine, and why the others do not. Nothing is encoded.
    /// </summary>
    /// <exception cref="FfmpegException">libavcodec cannot be loaded.</exception>
    public static (FfmpegLibrary Library, IReadOnlyList<EncoderAvailability> Encoders) Survey(VideoEncoderSettings settings, FfmpegEncoderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        options ??= new FfmpegEncoderOptions();
        var library = FfmpegLibrary.Load();
        var found = new List<EncoderAvailability>(options.Preference.Count);
        foreach (var name in options.Preference)
        {
            using var probe = FfmpegLogBridge.Probe();
            var context = TryOpenContext(library, name, settings, options, NullLogger.Instance, out var reason);
            if (context is null)
            {
                found.Add(new EncoderAvailability(name, probe.Errors.Length > 0 ? $"{reason}; FFmpeg said: {probe.Errors}" : reason));
                continue;
            }

            Avcodec.avcodec_free_context(&context);
            found.Add(new EncoderAvailability(name, null));
        }

        return (library, found);
    }

    /// <inheritdoc />
    public void RequestKeyframe()
    {
        if (CanForceKeyframes)
            Volatile.Write(ref _keyframeRequested, 1);
    }

    /// <inheritdoc />
    public void Encode(VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ObjectDisposedException.ThrowIf(_context is null, this);
        if (_flushed)
            throw new InvalidOperationException($"{Name}: the encoder was flushed; open a new one to encode more frames.");
        if (frame.Width != _settings.Width || frame.Height != _settings.Height)
            throw new ArgumentException($"{Name}: frame is {frame.Width}x{frame.Height}, the encoder was opened for {_settings.Width}x{_settings.Height}.", nameof(frame));

        var layout = _library.FrameLayout;
        var avFrame = (byte*)_frame;
        Check(Avutil.av_frame_make_writable(_frame), "av_frame_make_writable");
        for (var plane = 0; plane < 3; plane++)
        {
            var destination = *(byte**)(avFrame + layout.Data + plane * sizeof(nint));
            var destinationStride = *(int*)(avFrame + layout.Linesize + plane * sizeof(int));
            var source = frame.GetPlane(plane);
            var sourceStride = frame.GetStride(plane);
            var rows = plane == 0 ? frame.Height : frame.Height / 2;
            var columns = plane == 0 ? frame.Width : frame.Width / 2;
            for (var row = 0; row < rows; row++)
                source.Slice(row * sourceStride, columns).CopyTo(new Span<byte>(destination + (long)row * destinationStride, columns));
        }

        var pts = _nextPts;
        var forceKeyframe = Interlocked.Exchange(ref _keyframeRequested, 0) != 0;
        *(long*)(avFrame + layout.Pts) = pts;
        *(int*)(avFrame + layout.PictType) = forceKeyframe ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE;
        _pending[pts % PendingCapacity] = new PendingFrame(pts, frame.CaptureTimestamp, frame.FrameNumber);

        var result = Avcodec.avcodec_send_frame(_context, _frame);
        if (result == AVERROR_EAGAIN)
        {
            // The encoder wants its output read first; then it takes the frame.
            Drain(untilEof: false);
            result = Avcodec.avcodec_send_frame(_context, _frame);
        }

        Check(result, "avcodec_send_frame");
        _nextPts++;
        Drain(untilEof: false);
    }

    /// <inheritdoc />
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_context is null, this);
        if (_flushed)
            return;
        _flushed = true;
        var result = Avcodec.avcodec_send_frame(_context, null);
        if (result != AVERROR_EOF)
            Check(result, "avcodec_send_frame (flush)");
        Drain(untilEof: true);
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

        if (_frame is not null)
        {
            var frame = _frame;
            Avutil.av_frame_free(&frame);
            _frame = null;
        }

        if (_packet is not null)
        {
            var packet = _packet;
            Avcodec.av_packet_free(&packet);
            _packet = null;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({_library})";

    private void Drain(bool untilEof)
    {
        var layout = _library.PacketLayout;
        while (true)
        {
            var result = Avcodec.avcodec_receive_packet(_context, _packet);
            if (result == AVERROR_EAGAIN && !untilEof)
                return;
            if (result == AVERROR_EOF)
                return;
            Check(result, "avcodec_receive_packet");

            try
            {
                var packet = (byte*)_packet;
                var data = *(byte**)(packet + layout.Data);
                var size = *(int*)(packet + layout.Size);
                var pts = *(long*)(packet + layout.Pts);
                if (size > 0 && data is not null)
                    Deliver(new ReadOnlySpan<byte>(data, size), pts);
            }
            finally
            {
                Avcodec.av_packet_unref(_packet);
            }
        }
    }

    private void Deliver(ReadOnlySpan<byte> payload, long pts)
    {
        // Match the packet to the frame it encodes: by pts when the encoder kept it, else in order
        // (bf=0, so output order is input order).
        PendingFrame source;
        if (pts >= _nextOutputPts && pts < _nextPts && _pending[pts % PendingCapacity].Pts == pts)
        {
            source = _pending[pts % PendingCapacity];
            _nextOutputPts = pts + 1;
        }
        else
        {
            var index = Math.Min(_nextOutputPts, Math.Max(0, _nextPts - 1));
            source = _pending[index % PendingCapacity];
            _nextOutputPts = index + 1;
        }

        // AV_PKT_FLAG_KEY is also set for recovery-point I pictures; a reader can only start at an
        // IDR, so the packager sets the unit's keyframe flag from the NAL types, and gives every
        // IDR the SPS and PPS that upstream FFmpeg's h264_v4l2m2m sends only once.
        var unit = _packager.Package(payload, source.CaptureTimestamp, source.FrameNumber);
        if (unit is null)
            return; // parameter sets alone: remembered for the next IDR
        if (_packager.IdrsWithoutParameterSets > 0 && !_warnedMissingParameterSets)
        {
            FfmpegLog.IdrWithoutParameterSets(_logger, Name);
            _warnedMissingParameterSets = true;
        }

        AccessUnitsProduced++;
        _output(unit);
    }

    private void AllocateFrameAndPacket()
    {
        _frame = Avutil.av_frame_alloc();
        _packet = Avcodec.av_packet_alloc();
        if (_frame is null || _packet is null)
            throw new FfmpegException($"{Name}: out of memory allocating an AVFrame or AVPacket.");

        var layout = _library.FrameLayout;
        var frame = (byte*)_frame;
        *(int*)(frame + layout.Width) = _settings.Width;
        *(int*)(frame + layout.Height) = _settings.Height;
        *(int*)(frame + layout.Format) = AV_PIX_FMT_YUV420P;
        Check(Avutil.av_frame_get_buffer(_frame, 0), "av_frame_get_buffer");

        // A wrong layout table would show here, before any frame is written through it.
        for (var plane = 0; plane < 3; plane++)
        {
            var data = *(byte**)(frame + layout.Data + plane * sizeof(nint));
            var stride = *(int*)(frame + layout.Linesize + plane * sizeof(int));
            var needed = plane == 0 ? _settings.Width : _settings.Width / 2;
            if (data is null || stride < needed)
            {
                throw new FfmpegException(
                    $"{Name}: AVFrame plane {plane} came back as stride {stride}, which does not fit {_settings.Width}x{_settings.Height}; " +
                    $"the AVFrame layout Edge uses for {_library} is wrong.");
            }
        }
    }

    private void Check(int result, string call)
    {
        if (result < 0)
            throw new FfmpegException($"{Name}: {call} failed: {FfmpegLibrary.DescribeError(result)} (AVERROR {result}).", result);
    }

    private static bool CanForce(string name) => name switch
    {
        // libx264: pict_type I → X264_TYPE_IDR with forced-idr=1. libopenh264: ForceIntraFrame.
        // h264_v4l2m2m: V4L2_CID_MPEG_VIDEO_FORCE_KEY_FRAME. VAAPI: the hw_base_encode picks up pict_type I.
        "libx264" or "libopenh264" or "h264_v4l2m2m" or "h264_vaapi" => true,
        _ => false,
    };

    private static AVCodecContext* TryOpenContext(FfmpegLibrary library, string name, VideoEncoderSettings settings, FfmpegEncoderOptions options, ILogger logger, out string reason)
    {
        AVCodec* codec;
        using (var utf8Name = new Utf8Z(name))
            codec = Avcodec.avcodec_find_encoder_by_name(utf8Name.Pointer);
        if (codec is null)
        {
            reason = $"not in this FFmpeg build ({library.AvcodecSoname})";
            return null;
        }

        var context = Avcodec.avcodec_alloc_context3(codec);
        if (context is null)
        {
            reason = "avcodec_alloc_context3 returned no context";
            return null;
        }

        var bitrate = settings.BitrateKbps * 1000L;
        var fps = settings.FramesPerSecond;
        var x264 = name == "libx264";
        // libx264 in vbr mode runs on a constant rate factor under the cap, which needs no average bitrate.
        var x264Crf = x264 && settings.BitrateMode == "vbr";
        var required = new (string Option, int Result)[]
        {
            ("b", SetInt(context, "b", x264Crf ? 0 : bitrate, 0)),
            ("g", SetInt(context, "g", settings.GopLength, 0)),
            ("bf", SetInt(context, "bf", 0, 0)),
            ("time_base", SetRational(context, "time_base", 1, fps)),
            ("video_size", Set(context, "video_size", $"{settings.Width}x{settings.Height}", 0)),
            ("pixel_format", Set(context, "pixel_format", "yuv420p", 0)),
        };
        foreach (var (option, result) in required)
        {
            if (result < 0)
            {
                reason = $"setting {option} failed: {FfmpegLibrary.DescribeError(result)}";
                Avcodec.avcodec_free_context(&context);
                return null;
            }
        }

        // Both modes cap the rate with a one-second VBV buffer at bitrate_kbps, so no second of
        // stream ever needs more than the configured uplink.
        Optional(context, name, "maxrate", bitrate.ToString(CultureInfo.InvariantCulture), logger);
        Optional(context, name, "bufsize", bitrate.ToString(CultureInfo.InvariantCulture), logger);
        if (settings.Threads > 0)
            Optional(context, name, "threads", settings.Threads.ToString(CultureInfo.InvariantCulture), logger);

        if (x264)
        {
            // The preset first: the options after it override what it chose.
            Optional(context, name, "preset", X264Preset(settings, options), logger);
            Optional(context, name, "tune", options.X264Tune, logger);
            Optional(context, name, "forced-idr", "1", logger);
            // IDRs only on the keyframe interval and on request: ingest servers want a steady
            // cadence, and presets above ultrafast would add scene-cut I-frames of their own.
            Optional(context, name, "sc_threshold", "0", logger);
            if (x264Crf)
                Optional(context, name, "crf", "23", logger); // x264's own default quality
            else
                Optional(context, name, "nal-hrd", "cbr", logger); // filler keeps the rate constant; the SPS says so
        }
        else if (name == "h264_vaapi")
        {
            Optional(context, name, "rc_mode", settings.BitrateMode == "cbr" ? "CBR" : "VBR", logger);
        }

        if (settings.Profile.Length > 0)
            SetProfile(context, name, settings.Profile, logger);
        if (x264)
            EnableProfileTools(context, settings.Profile, logger);
        if (settings.LevelIdc is { } levelIdc)
            SetLevel(context, name, settings.Level, levelIdc, logger);

        var opened = Avcodec.avcodec_open2(context, codec, null);
        if (opened < 0)
        {
            reason = $"avcodec_open2 failed: {FfmpegLibrary.DescribeError(opened)} (AVERROR {opened})";
            Avcodec.avcodec_free_context(&context);
            return null;
        }

        reason = "";
        return context;
    }

    private static void SetProfile(AVCodecContext* context, string encoder, string profile, ILogger logger)
    {
        // Encoders with a private string or named-constant "profile" (libx264, libopenh264, VAAPI) take
        // the name; the generic AVCodecContext "profile" is an int (FF_PROFILE_H264_*).
        if (Set(context, "profile", profile, AV_OPT_SEARCH_CHILDREN) >= 0)
            return;
        var number = profile switch
        {
            "baseline" => 66 | 0x200, // constrained baseline, what "baseline" means to every player
            "main" => 77,
            _ => 100,
        };
        var result = SetInt(context, "profile", number, AV_OPT_SEARCH_CHILDREN);
        if (result < 0)
            FfmpegLog.OptionIgnored(logger, encoder, "profile", profile, FfmpegLibrary.DescribeError(result));
    }

    // libx264's "profile" is a ceiling: x264 writes the lowest profile its tools need, and the
    // ultrafast preset turns CABAC and the 8x8 transform off, so profile = "main" would still give
    // a Constrained Baseline stream. The profile's own tools are turned on here, after the preset.
    private static void EnableProfileTools(AVCodecContext* context, string profile, ILogger logger)
    {
        if (profile is "main" or "high")
            Optional(context, "libx264", "coder", "cabac", logger);
        if (profile == "high")
            Optional(context, "libx264", "8x8dct", "1", logger);
    }

    // libx264's private "level" is the text ("4.1"); every other encoder takes the generic integer
    // level_idc (41), which VAAPI's named levels also mean.
    private static void SetLevel(AVCodecContext* context, string encoder, string level, int levelIdc, ILogger logger)
    {
        var result = encoder == "libx264"
            ? Set(context, "level", level, AV_OPT_SEARCH_CHILDREN)
            : SetInt(context, "level", levelIdc, AV_OPT_SEARCH_CHILDREN);
        if (result < 0)
            FfmpegLog.OptionIgnored(logger, encoder, "level", level, FfmpegLibrary.DescribeError(result));
    }

    private static string X264Preset(VideoEncoderSettings settings, FfmpegEncoderOptions options) =>
        options.X264Preset ?? FfmpegEncoderOptions.DefaultX264Preset(settings);

    private static void Optional(AVCodecContext* context, string encoder, string option, string value, ILogger logger)
    {
        var result = Set(context, option, value, AV_OPT_SEARCH_CHILDREN);
        if (result < 0)
            FfmpegLog.OptionIgnored(logger, encoder, option, value, FfmpegLibrary.DescribeError(result));
    }

    private static int Set(AVCodecContext* context, string option, string value, int flags)
    {
        using var name = new Utf8Z(option);
        using var text = new Utf8Z(value);
        return Avutil.av_opt_set(context, name.Pointer, text.Pointer, flags);
    }

    private static int SetInt(AVCodecContext* context, string option, long value, int flags)
    {
        using var name = new Utf8Z(option);
        return Avutil.av_opt_set_int(context, name.Pointer, value, flags);
    }

    private static int SetRational(AVCodecContext* context, string option, int num, int den)
    {
        using var name = new Utf8Z(option);
        return Avutil.av_opt_set_q(context, name.Pointer, new AVRational(num, den), 0);
    }

    private readonly record struct PendingFrame(long Pts, long CaptureTimestamp, long FrameNumber);
}
