using System.Diagnostics;
using Edge.Linux.IO;
using Edge.Media;
using Edge.Video.Conversion;
using Edge.Video.V4l2;
using Edge.Video.Sources.V4l2;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using static Edge.Video.V4l2.Videodev2;

namespace Edge.Video.Encoders.V4l2M2m;

/// <summary>
/// A hardware encoder behind the V4L2 stateful memory-to-memory encoder interface
/// (Documentation/userspace-api/media/v4l/dev-encoder.rst): Raspberry Pi 0–4's bcm2835-codec
/// (<c>/dev/video11</c>), Qualcomm Venus, MediaTek, and the kernel's vicodec for tests.
/// Single- and multi-planar drivers are both handled.
/// </summary>
/// <remarks>
/// <para><b>Setup.</b> CAPTURE (coded) format first, then OUTPUT (raw) format and size — the
/// driver's <c>bytesperline</c> and height are used as given, with a crop to the picture when it
/// pads — then the frame rate (S_PARM on OUTPUT), then the controls: bitrate, GOP/I-period,
/// profile, level, repeated sequence headers. A control the driver lacks or refuses is logged
/// and skipped. The CAPTURE queue uses MMAP buffers; so does the OUTPUT queue, unless the encoder
/// was opened with <see cref="OpenDmabuf"/> to read a camera's own buffers (zero-copy).</para>
/// <para><b>Encoding.</b> <see cref="Encode(VideoFrame)"/> copies the I420 frame into a free OUTPUT buffer
/// (YU12, or NV12 interleaved), stamps it with a cookie, queues it, and delivers every coded
/// buffer that is ready — waiting up to one frame period for the one it just queued, so a
/// zero-latency encoder hands back each picture within the call; an encoder that holds frames
/// is detected and no longer waited for. The cookie comes back on the CAPTURE buffer and
/// restores the frame's capture time and number.</para>
/// <para><b>H.264.</b> Keyframe = an IDR slice in the unit. SPS/PPS are remembered whenever the
/// encoder emits them (in front of an IDR, or alone in a buffer of their own) and put in front of
/// every IDR that lacks them.</para>
/// <para><b>Timeouts.</b> Waiting for a buffer never exceeds <see cref="V4l2M2mEncoderOptions.Timeout"/>;
/// a driver that stops returning buffers fails the call with <see cref="V4l2EncoderException"/>.</para>
/// </remarks>
public sealed partial class V4l2M2mEncoder : IVideoEncoder
{
    private static readonly TimeSpan PollSlice = TimeSpan.FromMilliseconds(20);

    private readonly V4l2Device _device;
    private readonly V4l2BufferQueue _output;
    private readonly V4l2BufferQueue _capture;
    private readonly Action<AccessUnit> _deliver;
    private readonly ILogger _logger;
    private readonly VideoEncoderSettings _settings;
    private readonly V4l2M2mEncoderOptions _options;
    private readonly bool _isH264;
    private readonly bool _inputIsNv12;
    private readonly int _bytesPerLine;
    private readonly int _planeHeight;
    private readonly int _outputSizeImage;
    private readonly H264UnitPackager _packager = new();
    private readonly TimestampCookies _cookies;
    private readonly TimeSpan _framePeriod;
    private long _framesQueued;
    private long _framesDelivered;
    private int _lag;
    private int _keyframeRequested;
    private bool _lastSeen;
    private bool _flushed;
    private bool _disposed;
    private bool _warnedMissingParameterSets;
    private bool _warnedCookie;

    private V4l2M2mEncoder(V4l2Device device, V4l2BufferQueue output, V4l2BufferQueue capture, string name, bool canForce,
        VideoEncoderSettings settings, V4l2M2mEncoderOptions options, bool isH264, bool inputIsNv12, V4l2PixelFormat outputFormat,
        Action<AccessUnit> deliver, ILogger logger)
    {
        _device = device;
        _output = output;
        _capture = capture;
        Name = name;
        CanForceKeyframes = canForce;
        _settings = settings;
        _options = options;
        _isH264 = isH264;
        _inputIsNv12 = inputIsNv12;
        _bytesPerLine = outputFormat.BytesPerLine;
        _planeHeight = outputFormat.Height;
        _outputSizeImage = outputFormat.SizeImage;
        _deliver = deliver;
        _logger = logger;
        _cookies = new TimestampCookies(Math.Max(64, 4 * (output.Count + capture.Count)));
        _framePeriod = TimeSpan.FromSeconds(1.0 / settings.FramesPerSecond);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public bool CanForceKeyframes { get; }

    /// <inheritdoc />
    public EffectiveEncoderSettings Effective => EffectiveEncoderSettings.From(Name, _settings);

    /// <summary>The encoder node.</summary>
    public string DevicePath => _device.Path;

    /// <summary>Frames passed to <see cref="Encode"/> so far.</summary>
    public long FramesEncoded => _framesQueued;

    /// <summary>Access units delivered so far.</summary>
    public long AccessUnitsProduced => _framesDelivered;

    /// <summary>
    /// Opens and configures the encoder at <see cref="V4l2M2mEncoderOptions.Device"/> and starts
    /// both queues.
    /// </summary>
    /// <param name="settings">Size, rate, bitrate, GOP and profile.</param>
    /// <param name="output">Receives each access unit with its one reference (see <see cref="IVideoEncoder"/>).</param>
    /// <param name="options">Device, coded format and buffer counts; defaults when null.</param>
    /// <param name="logger">Where choices and skipped controls are reported.</param>
    /// <exception cref="V4l2EncoderException">The device is missing, not an encoder, lacks the codec or a usable input format, or failed to set up.</exception>
    public static V4l2M2mEncoder Open(VideoEncoderSettings settings, Action<AccessUnit> output, V4l2M2mEncoderOptions? options = null, ILogger? logger = null) =>
        OpenCore(settings, output, options, logger, camera: null);

    // camera: null to feed copied I420 frames through MMAP buffers; else the camera buffers to import.
    private static V4l2M2mEncoder OpenCore(VideoEncoderSettings settings, Action<AccessUnit> output, V4l2M2mEncoderOptions? options, ILogger? logger,
        V4l2DmabufBuffers? camera)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        settings.Validate();
        options ??= new V4l2M2mEncoderOptions();
        options.Validate();
        logger ??= NullLogger.Instance;
        V4l2AbiCheck.ThrowIfUnsupported();
        var coded = FourCC.Parse(options.CodedFormat);
        var path = options.Device;

        V4l2Device device;
        try
        {
            device = V4l2Device.Open(path);
        }
        catch (LinuxIOException ex)
        {
            throw new V4l2EncoderException(path, $"{path}: cannot open the hardware encoder: {ex.Message}", ex);
        }

        V4l2BufferQueue? outputQueue = null;
        V4l2BufferQueue? captureQueue = null;
        try
        {
            var capability = device.QueryCapability();
            var (outputType, captureType) = CheckEncoder(device, capability, coded, out var multiPlanar);
            var inputFormat = camera is null ? ChooseInput(device, outputType, options.InputFormat) : CheckCameraFormat(device, outputType, camera, settings);

            // 1. CAPTURE: the coded format. 2. OUTPUT: raw format and size, which the CAPTURE side follows.
            var codedSet = device.SetFormat(new V4l2FormatRequest(captureType, coded.Value, settings.Width, settings.Height, 0, options.CodedBufferSize));
            if (codedSet.PixelFormat != coded.Value)
                throw new V4l2EncoderException(path, $"{path}: asked to encode {coded}, the driver set {new FourCC(codedSet.PixelFormat)}");
            var rawSet = device.SetFormat(camera is null
                ? new V4l2FormatRequest(outputType, inputFormat.Value, settings.Width, settings.Height)
                : new V4l2FormatRequest(outputType, inputFormat.Value, settings.Width, settings.Height, camera.BytesPerLine, camera.SizeImage));
            if (camera is not null)
                CheckCameraLayout(path, rawSet, camera);
            else if (rawSet.PixelFormat != inputFormat.Value || rawSet.Width < settings.Width || rawSet.Height < settings.Height
                || rawSet.BytesPerLine < settings.Width)
            {
                throw new V4l2EncoderException(path,
                    $"{path} cannot encode {settings.Width}x{settings.Height} {inputFormat}: the driver set {new FourCC(rawSet.PixelFormat)} " +
                    $"{rawSet.Width}x{rawSet.Height} (bytesperline {rawSet.BytesPerLine}); choose a size the encoder supports");
            }

            if (rawSet.Width != settings.Width || rawSet.Height != settings.Height)
            {
                var errno = device.TrySetCrop(outputType, settings.Width, settings.Height);
                LogPadded(logger, path, settings.Width, settings.Height, rawSet.Width, rawSet.Height, errno == 0 ? "cropped" : $"crop refused (errno {errno})");
            }

            codedSet = device.GetFormat(captureType);
            var applied = device.SetFrameInterval(outputType, V4l2Fraction.PerSecond(settings.FramesPerSecond));
            if (applied is null)
                LogControlSkipped(logger, path, "frame rate (S_PARM on OUTPUT)", settings.FramesPerSecond, "not supported");

            var isH264 = coded == FourCC.H264;
            var canForce = ApplyControls(device, settings, isH264, logger);

            outputQueue = camera is null
                ? V4l2BufferQueue.Allocate(device, outputType, options.OutputBuffers)
                : AllocateImportSlots(device, outputType, camera);
            captureQueue = V4l2BufferQueue.Allocate(device, captureType, options.CaptureBuffers);
            if (camera is null && outputQueue.GetLength(0) < I420Converter.RequiredBytes(inputFormat, rawSet.BytesPerLine, rawSet.Height))
            {
                throw new V4l2EncoderException(path,
                    $"{path}: OUTPUT buffers hold {outputQueue.GetLength(0)} bytes, a {rawSet.Width}x{rawSet.Height} {inputFormat} picture needs " +
                    $"{I420Converter.RequiredBytes(inputFormat, rawSet.BytesPerLine, rawSet.Height)}");
            }

            _ = device.TrySubscribeEvent(V4L2_EVENT_EOS);
            for (var i = 0; i < captureQueue.Count; i++)
                captureQueue.Queue(i);
            outputQueue.StreamOn();
            captureQueue.StreamOn();

            var capabilityName = capability.Card.Length > 0 ? capability.Card : capability.Driver;
            var encoder = new V4l2M2mEncoder(device, outputQueue, captureQueue, $"v4l2m2m:{capabilityName}", canForce, settings, options, isH264,
                inputFormat == FourCC.Nv12, rawSet, output, logger);
            if (camera is not null)
                encoder.ImportFrom(camera);
            LogOpened(logger, path, capabilityName, coded.ToString(), inputFormat.ToString(), settings.Width, settings.Height, settings.FramesPerSecond,
                settings.BitrateKbps, settings.GopLength, multiPlanar ? "multi-planar" : "single-planar", outputQueue.Count, captureQueue.Count,
                camera is null ? "mmap" : $"DMABUF imported from {camera.Device}");
            return encoder;
        }
        catch (Exception ex)
        {
            captureQueue?.Dispose();
            outputQueue?.Dispose();
            device.Dispose();
            if (ex is LinuxIOException or NotSupportedException)
                throw new V4l2EncoderException(path, $"{path}: setting up the hardware encoder failed: {ex.Message}", ex);
            throw;
        }
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
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_flushed)
            throw new InvalidOperationException($"{Name}: the encoder was flushed; open a new one to encode more frames.");
        if (frame.Width != _settings.Width || frame.Height != _settings.Height)
            throw new ArgumentException($"{Name}: frame is {frame.Width}x{frame.Height}, the encoder was opened for {_settings.Width}x{_settings.Height}.", nameof(frame));
        if (_imported is not null)
            throw new InvalidOperationException($"{Name} was opened to import a camera's buffers; pass them with Encode(DmabufFrame).");

        try
        {
            Service();
            var index = _output.States.FirstFree();
            if (index < 0)
                index = WaitForFreeOutputBuffer();
            ApplyKeyframeRequest();

            var used = I420Converter.FromI420(frame, _output.GetBuffer(index), _bytesPerLine, _planeHeight, _inputIsNv12);
            var cookie = _cookies.Issue(frame.CaptureTimestamp, frame.FrameNumber);
            var bytesUsed = _outputSizeImage > 0 && _outputSizeImage <= _output.GetLength(index) ? Math.Max(used, _outputSizeImage) : used;
            _output.Queue(index, bytesUsed, cookie);
            _framesQueued++;
            AwaitLag();
        }
        catch (LinuxIOException ex)
        {
            throw new V4l2EncoderException(DevicePath, $"{Name}: {ex.Message}", ex);
        }
    }

    /// <inheritdoc />
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_flushed)
            return;
        _flushed = true;
        try
        {
            var deadline = Stopwatch.GetTimestamp() + (long)(_options.Timeout.TotalSeconds * Stopwatch.Frequency);
            var errno = _framesQueued == 0 ? 0 : _device.TryEncoderCommand(V4L2_ENC_CMD_STOP);
            if (_framesQueued == 0)
                return;
            if (errno != 0)
            {
                // No drain command: collect what is in flight.
                LogNoDrain(_logger, DevicePath, errno);
                while (_framesQueued > _framesDelivered)
                {
                    if (Stopwatch.GetTimestamp() > deadline)
                        throw Hung("return the last coded frames");
                    Wait(PollSlice);
                }

                Service();
                return;
            }

            while (!_lastSeen)
            {
                if (Stopwatch.GetTimestamp() > deadline)
                    throw Hung("finish draining (no buffer flagged LAST)");
                Wait(PollSlice);
            }

            Service(); // the OUTPUT buffers finished with the last ones
        }
        catch (LinuxIOException ex)
        {
            throw new V4l2EncoderException(DevicePath, $"{Name}: {ex.Message}", ex);
        }
    }

    /// <summary>Stops both queues, unmaps and frees the buffers, gives every imported camera buffer back, closes the node. Never throws.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _capture.Dispose();
        _output.Dispose(); // STREAMOFF: the driver reads no imported buffer any more
        ReleaseImported();
        _device.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({DevicePath})";

    internal static (uint OutputType, uint CaptureType) CheckEncoder(V4l2Device device, V4l2DeviceCapability capability, FourCC coded, out bool multiPlanar)
    {
        var path = device.Path;
        multiPlanar = capability.Has(V4L2_CAP_VIDEO_M2M_MPLANE)
            || (capability.Has(V4L2_CAP_VIDEO_CAPTURE_MPLANE) && capability.Has(V4L2_CAP_VIDEO_OUTPUT_MPLANE));
        var singlePlanar = capability.Has(V4L2_CAP_VIDEO_M2M)
            || (capability.Has(V4L2_CAP_VIDEO_CAPTURE) && capability.Has(V4L2_CAP_VIDEO_OUTPUT));
        if (!multiPlanar && !singlePlanar)
            throw new V4l2EncoderException(path, $"{path} ({capability.Card}, {capability.Driver}) is not a memory-to-memory device, so not a hardware encoder");
        if (!capability.Has(V4L2_CAP_STREAMING))
            throw new V4l2EncoderException(path, $"{path} ({capability.Card}) does not support streaming I/O");

        var outputType = multiPlanar ? V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE : V4L2_BUF_TYPE_VIDEO_OUTPUT;
        var captureType = multiPlanar ? V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE : V4L2_BUF_TYPE_VIDEO_CAPTURE;
        var codedFormats = device.EnumerateFormats(captureType);
        if (!codedFormats.Any(f => f.PixelFormat == coded.Value))
        {
            var offered = codedFormats.Count == 0 ? "nothing" : string.Join(", ", codedFormats.Select(f => new FourCC(f.PixelFormat).ToString()));
            throw new V4l2EncoderException(path, $"{path} ({capability.Card}) does not encode {coded}; its CAPTURE side offers {offered}");
        }

        return (outputType, captureType);
    }

    private static FourCC ChooseInput(V4l2Device device, uint outputType, string? configured)
    {
        var offered = device.EnumerateFormats(outputType).Select(f => new FourCC(f.PixelFormat)).ToList();
        FourCC[] candidates = configured is null ? [FourCC.Yu12, FourCC.Nv12] : [FourCC.Parse(configured)];
        foreach (var candidate in candidates)
        {
            if (candidate != FourCC.Yu12 && candidate != FourCC.Nv12)
                throw new V4l2EncoderException(device.Path, $"{device.Path}: input format {candidate} is not one Edge can feed (YU12 or NV12)");
            if (offered.Contains(candidate))
                return candidate;
        }

        throw new V4l2EncoderException(device.Path,
            $"{device.Path} takes none of {string.Join(", ", candidates)} as input; its OUTPUT side offers {string.Join(", ", offered)}");
    }

    // Sets what the driver has; logs what it lacks or refuses. Returns whether FORCE_KEY_FRAME exists.
    private static bool ApplyControls(V4l2Device device, VideoEncoderSettings settings, bool isH264, ILogger logger)
    {
        TrySet(device, V4L2_CID_MPEG_VIDEO_BITRATE_MODE, "bitrate mode",
            settings.BitrateMode == "cbr" ? V4L2_MPEG_VIDEO_BITRATE_MODE_CBR : V4L2_MPEG_VIDEO_BITRATE_MODE_VBR, logger);
        TrySet(device, V4L2_CID_MPEG_VIDEO_BITRATE, "bitrate", settings.BitrateKbps * 1000, logger);
        TrySet(device, V4L2_CID_MPEG_VIDEO_GOP_SIZE, "GOP size", settings.GopLength, logger);
        if (isH264)
        {
            TrySet(device, V4L2_CID_MPEG_VIDEO_H264_I_PERIOD, "H.264 I-period", settings.GopLength, logger);
            TrySet(device, V4L2_CID_MPEG_VIDEO_B_FRAMES, "B-frames", 0, logger);
            TrySet(device, V4L2_CID_MPEG_VIDEO_REPEAT_SEQ_HEADER, "repeat SPS/PPS", 1, logger);
            if (settings.Profile.Length > 0)
            {
                int[] profiles = settings.Profile switch
                {
                    "baseline" => [V4L2_MPEG_VIDEO_H264_PROFILE_CONSTRAINED_BASELINE, V4L2_MPEG_VIDEO_H264_PROFILE_BASELINE],
                    "main" => [V4L2_MPEG_VIDEO_H264_PROFILE_MAIN],
                    _ => [V4L2_MPEG_VIDEO_H264_PROFILE_HIGH],
                };
                TrySetMenu(device, V4L2_CID_MPEG_VIDEO_H264_PROFILE, $"H.264 profile {settings.Profile}", profiles, logger);
            }

            // A configured level the driver's menu lacks (below 3.0, above 5.1) falls back to the lowest that fits.
            var level = (settings.LevelIdc is { } idc ? H264Level.FromLevelIdc(idc) : null)
                ?? H264Level.Choose(settings.Width, settings.Height, settings.FramesPerSecond, settings.BitrateKbps);
            int[] levels = [.. Enumerable.Range(level, V4L2_MPEG_VIDEO_H264_LEVEL_5_1 - level + 1)];
            TrySetMenu(device, V4L2_CID_MPEG_VIDEO_H264_LEVEL, $"H.264 level {H264Level.Name(level)}", levels, logger);
        }

        return device.QueryControl(V4L2_CID_MPEG_VIDEO_FORCE_KEY_FRAME) is { IsWritable: true };
    }

    private static void TrySet(V4l2Device device, uint id, string name, int value, ILogger logger)
    {
        var info = device.QueryControl(id);
        if (info is null || !info.IsWritable)
        {
            LogControlSkipped(logger, device.Path, name, value, info is null ? "not supported" : "read-only or disabled");
            return;
        }

        var clamped = Math.Clamp(value, info.Minimum, info.Maximum);
        clamped = info.Minimum + ((clamped - info.Minimum) / info.Step * info.Step);
        if (clamped != value)
            LogControlClamped(logger, device.Path, name, value, clamped, info.Minimum, info.Maximum);
        var errno = device.TrySetControl(id, clamped);
        if (errno != 0)
            LogControlSkipped(logger, device.Path, name, clamped, $"refused (errno {errno})");
    }

    private static void TrySetMenu(V4l2Device device, uint id, string name, int[] choices, ILogger logger)
    {
        var info = device.QueryControl(id);
        if (info is null || !info.IsWritable)
        {
            LogControlSkipped(logger, device.Path, name, choices[0], info is null ? "not supported" : "read-only or disabled");
            return;
        }

        foreach (var choice in choices)
        {
            if (choice < info.Minimum || choice > info.Maximum)
                continue;
            if (device.TrySetControl(id, choice) == 0)
            {
                if (choice != choices[0])
                    LogControlClamped(logger, device.Path, name, choices[0], choice, info.Minimum, info.Maximum);
                return;
            }
        }

        // Nothing acceptable in range (e.g. a level above the hardware's maximum): take the driver's highest.
        if (choices[0] > info.Maximum && device.TrySetControl(id, info.Maximum) == 0)
        {
            LogControlClamped(logger, device.Path, name, choices[0], info.Maximum, info.Minimum, info.Maximum);
            return;
        }

        LogControlSkipped(logger, device.Path, name, choices[0], $"no accepted value in {info.Minimum}..{info.Maximum}");
    }

    // Waits (up to the timeout) until the driver gives an OUTPUT buffer back; returns its index.
    private int WaitForFreeOutputBuffer()
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(_options.Timeout.TotalSeconds * Stopwatch.Frequency);
        int index;
        while ((index = _output.States.FirstFree()) < 0)
        {
            if (Stopwatch.GetTimestamp() > deadline)
                throw Hung("return an OUTPUT buffer");
            Wait(PollSlice);
        }

        return index;
    }

    private void ApplyKeyframeRequest()
    {
        if (Interlocked.Exchange(ref _keyframeRequested, 0) == 0)
            return;
        var errno = _device.TrySetControl(V4L2_CID_MPEG_VIDEO_FORCE_KEY_FRAME, 1);
        if (errno != 0)
            LogForceKeyframeFailed(_logger, DevicePath, errno);
    }

    // After a QBUF: waits (at most a frame period) until no more than _lag frames are inside the
    // encoder, so a zero-latency encoder hands each picture back within Encode.
    private void AwaitLag()
    {
        var waitUntil = Stopwatch.GetTimestamp() + (long)(_framePeriod.TotalSeconds * Stopwatch.Frequency);
        while (_framesQueued - _framesDelivered > _lag)
        {
            var left = waitUntil - Stopwatch.GetTimestamp();
            if (left <= 0)
            {
                if (_lag < _output.Count - 1)
                {
                    _lag++;
                    LogLatency(_logger, DevicePath, _lag);
                }

                break;
            }

            Wait(TimeSpan.FromSeconds(Math.Min((double)left / Stopwatch.Frequency, PollSlice.TotalSeconds)));
        }
    }

    // Polls for a coded buffer (up to the slice), then takes everything that is ready.
    private void Wait(TimeSpan slice)
    {
        var poll = _device.Poll(slice);
        if (poll.Failed && _capture.States.QueuedCount > 0 && !_lastSeen)
        {
            // POLLERR with buffers queued: the queue is in error or the device is gone. DQBUF says which.
            Service();
            if (!_lastSeen)
                throw new V4l2EncoderException(DevicePath, $"{Name}: the device reported an error (POLLERR); the encoder stopped");
        }

        Service();
    }

    // Takes back finished OUTPUT buffers and delivers every finished CAPTURE buffer; never blocks.
    private void Service()
    {
        while (true)
        {
            var errno = _output.TryDequeue(out var done);
            if (errno == LinuxErrno.EAGAIN || errno == LinuxErrno.EPIPE)
                break;
            if (errno != 0)
                throw new LinuxIOException(DevicePath, "VIDIOC_DQBUF (OUTPUT)", errno);
            if (_imported is not null)
                ReturnImported(done.Index);
        }

        while (!_lastSeen)
        {
            var errno = _capture.TryDequeue(out var buffer);
            if (errno == LinuxErrno.EAGAIN)
                break;
            if (errno == LinuxErrno.EPIPE)
            {
                _lastSeen = true; // the last buffer was already dequeued
                break;
            }

            if (errno != 0)
                throw new LinuxIOException(DevicePath, "VIDIOC_DQBUF (CAPTURE)", errno);
            DeliverCoded(buffer);
        }
    }

    private void DeliverCoded(in V4l2DequeuedBuffer buffer)
    {
        var last = buffer.Has(V4L2_BUF_FLAG_LAST);
        var data = _capture.GetBuffer(buffer.Index);
        var offset = Math.Min(buffer.DataOffset, data.Length);
        var length = Math.Min(buffer.BytesUsed, data.Length) - offset;
        AccessUnit? unit = null;
        if (length > 0 && !buffer.Has(V4L2_BUF_FLAG_ERROR))
            unit = Package(data.Slice(offset, length), buffer);

        if (last)
            _lastSeen = true;
        else
            _capture.Queue(buffer.Index);

        if (unit is not null)
        {
            _framesDelivered++;
            _deliver(unit);
        }
    }

    private AccessUnit? Package(ReadOnlySpan<byte> payload, in V4l2DequeuedBuffer buffer)
    {
        if (_isH264 && !AnnexBHasPicture(payload))
        {
            _ = _packager.Package(payload, 0, 0); // SPS/PPS alone: remembered, sent with the next IDR
            return null;
        }

        if (!_cookies.TryMatch(buffer.TimestampMicroseconds, out var captureTimestamp, out var frameNumber, out var exact))
        {
            captureTimestamp = Stopwatch.GetTimestamp();
            frameNumber = _framesDelivered;
        }

        if (!exact && !_warnedCookie)
        {
            _warnedCookie = true;
            LogCookieLost(_logger, DevicePath);
        }

        if (_isH264)
        {
            var unit = _packager.Package(payload, captureTimestamp, frameNumber)!;
            if (_packager.IdrsWithoutParameterSets > 0 && !_warnedMissingParameterSets)
            {
                _warnedMissingParameterSets = true;
                LogIdrWithoutParameterSets(_logger, DevicePath);
            }

            return unit;
        }

        // Other codecs (vicodec's FWHT in tests): the driver's keyframe flag, the bytes as they are.
        var keyframe = buffer.Has(V4L2_BUF_FLAG_KEYFRAME);
        return AccessUnit.CopyOf(payload, captureTimestamp, MediaClock.To90kHz(captureTimestamp), keyframe, frameNumber);
    }

    private static bool AnnexBHasPicture(ReadOnlySpan<byte> payload) =>
        (AnnexB.NalTypeMask(payload) & ((1 << AnnexB.NalSlice) | (1 << AnnexB.NalIdr))) != 0;

    private V4l2EncoderException Hung(string what) =>
        new(DevicePath, $"{Name} ({DevicePath}) did not {what} within {_options.Timeout.TotalSeconds:0.#} s; the encoder is hung");

    [LoggerMessage(EventId = 2600, Level = LogLevel.Information,
        Message = "{Device} ({Card}): encoding {Coded} from {Input} {Width}x{Height} at {Fps} fps, {BitrateKbps} kbit/s, IDR every {Gop} frames, {Planar}, {OutputBuffers}+{CaptureBuffers} buffers, input {Memory}")]
    private static partial void LogOpened(ILogger logger, string device, string card, string coded, string input, int width, int height, int fps,
        int bitrateKbps, int gop, string planar, int outputBuffers, int captureBuffers, string memory);

    [LoggerMessage(EventId = 2601, Level = LogLevel.Information, Message = "{Device}: control {Control}={Value} skipped: {Reason}")]
    private static partial void LogControlSkipped(ILogger logger, string device, string control, int value, string reason);

    [LoggerMessage(EventId = 2602, Level = LogLevel.Warning, Message = "{Device}: control {Control} set to {Applied} instead of {Requested} (the driver allows {Minimum}..{Maximum})")]
    private static partial void LogControlClamped(ILogger logger, string device, string control, int requested, int applied, int minimum, int maximum);

    [LoggerMessage(EventId = 2603, Level = LogLevel.Information, Message = "{Device} pads {Width}x{Height} pictures to {PaddedWidth}x{PaddedHeight}: {Crop}")]
    private static partial void LogPadded(ILogger logger, string device, int width, int height, int paddedWidth, int paddedHeight, string crop);

    [LoggerMessage(EventId = 2604, Level = LogLevel.Information, Message = "{Device} holds frames before returning them; waiting for at most {Lag} in flight")]
    private static partial void LogLatency(ILogger logger, string device, int lag);

    [LoggerMessage(EventId = 2605, Level = LogLevel.Warning, Message = "{Device}: forcing a keyframe failed (errno {Errno})")]
    private static partial void LogForceKeyframeFailed(ILogger logger, string device, int errno);

    [LoggerMessage(EventId = 2606, Level = LogLevel.Information, Message = "{Device} has no drain command (errno {Errno}); collecting the frames in flight")]
    private static partial void LogNoDrain(ILogger logger, string device, int errno);

    [LoggerMessage(EventId = 2607, Level = LogLevel.Warning, Message = "{Device} produced an IDR without SPS/PPS before any were seen; readers cannot start from it")]
    private static partial void LogIdrWithoutParameterSets(ILogger logger, string device);

    [LoggerMessage(EventId = 2608, Level = LogLevel.Warning, Message = "{Device} does not return the OUTPUT timestamp on coded buffers; matching frames by order")]
    private static partial void LogCookieLost(ILogger logger, string device);
}
