using System.Diagnostics;
using Edge.Linux.IO;
using Edge.Media;
using Edge.Video.Encoders;
using Edge.Video.Conversion;
using Edge.Video.Decoders;
using Edge.Video.V4l2;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using static Edge.Video.V4l2.Videodev2;

namespace Edge.Video.Sources.V4l2;

/// <summary>
/// A V4L2 camera (UVC webcams, HDMI bridges, vivid): negotiates a mode, streams mmap buffers and
/// delivers either raw pictures as I420 <see cref="VideoFrame"/>s (<see cref="RunFramesAsync"/>;
/// Motion-JPEG cameras' pictures are decoded to I420 first, see <see cref="MjpegDecoder"/>)
/// or, when the camera itself encodes, H.264 access units (<see cref="RunAccessUnitsAsync"/>).
/// </summary>
/// <remarks>
/// <para><b>Life cycle.</b> <see cref="Open"/> opens the node, checks it is a streaming capture
/// device, chooses the mode (<see cref="V4l2FormatNegotiator"/>), sets it, checks what the driver
/// actually set, sets the frame rate and maps the buffers. A run queues every buffer, streams on,
/// and loops on poll → DQBUF → convert/copy → QBUF → callback on its own thread until cancelled,
/// then streams off. <see cref="Dispose"/> unmaps and frees the buffers and closes the node.</para>
/// <para><b>Failures.</b> The device vanishing (ENODEV, EIO, POLLERR/POLLHUP — a USB unplug,
/// vivid's <c>disconnect</c> control) ends the run with <see cref="CameraDisconnectedException"/>;
/// silence longer than <see cref="V4l2CaptureOptions.FrameTimeout"/> with
/// <see cref="CameraTimeoutException"/>. The owner disposes the source and, after a back-off,
/// opens a new one.</para>
/// <para><b>Timestamps.</b> A buffer stamped with CLOCK_MONOTONIC (the norm since Linux 3.x) keeps
/// its driver time, which is the clock <see cref="Stopwatch"/> reads on Linux; otherwise the time
/// of DQBUF is used. Either way they strictly increase. Frame numbers are the driver's sequence
/// numbers, so gaps are driver drops.</para>
/// <para><b>Allocation.</b> The loop allocates nothing per frame: frames come from a bounded pool
/// (when all are held downstream the picture is dropped and counted), access units from the
/// <see cref="AccessUnit"/> pool.</para>
/// </remarks>
public sealed partial class V4l2CaptureSource : IDisposable
{
    private static readonly TimeSpan PollSlice = TimeSpan.FromMilliseconds(100);

    private readonly V4l2Device _device;
    private readonly V4l2BufferQueue _queue;
    private readonly V4l2CaptureOptions _options;
    private readonly ILogger _logger;
    private readonly VideoFramePool? _pool;
    private readonly H264UnitPackager? _packager;
    private readonly MjpegDecoder? _jpeg;
    private readonly UnusableFrameMonitor? _unusable;
    private readonly bool _canForceKeyframes;
    private readonly int _bytesPerLine;
    private readonly TimeSpan _frameTimeout;
    private long _framesCaptured;
    private long _framesDropped;
    private long _buffersCorrupted;
    private int _keyframeRequested;
    private long _lastTimestamp;
    private readonly CancellationTokenSource _stop = new();
    private Thread? _thread;
    private int _running;
    private int _released;
    private bool _disposed;

    private V4l2CaptureSource(V4l2Device device, V4l2BufferQueue queue, V4l2CaptureOptions options, V4l2CaptureDeviceDescription description,
        V4l2CaptureMode mode, int bytesPerLine, V4l2Fraction? appliedInterval, bool canForceKeyframes, ILogger logger)
    {
        _device = device;
        _queue = queue;
        _options = options;
        _logger = logger;
        Description = description;
        Mode = mode;
        _bytesPerLine = bytesPerLine;
        FramesPerSecond = appliedInterval?.FramesPerSecond ?? mode.Interval.FramesPerSecond;
        _canForceKeyframes = canForceKeyframes;
        if (mode.IsH264)
            _packager = new H264UnitPackager();
        else
            _pool = new VideoFramePool(mode.Width, mode.Height, options.FramePoolSize);

        // Never give up sooner than three frame periods, however short the configured timeout.
        var periods = TimeSpan.FromSeconds(3.0 / Math.Max(0.1, FramesPerSecond));
        _frameTimeout = options.FrameTimeout > periods ? options.FrameTimeout : periods;

        if (V4l2FormatNegotiator.IsMjpeg(mode.PixelFormat))
            (_jpeg, _unusable) = OpenMjpegDecoder(queue, mode, options, _frameTimeout, logger);
    }

    /// <summary>The node this source streams from.</summary>
    public string DevicePath => _device.Path;

    /// <summary>What the device offers (as probed at open).</summary>
    public V4l2CaptureDeviceDescription Description { get; }

    /// <summary>The mode in use (format, size, interval asked for).</summary>
    public V4l2CaptureMode Mode { get; }

    /// <summary>The frame rate the driver accepted (or the requested one when it has no rate control).</summary>
    public double FramesPerSecond { get; }

    /// <summary>True when the camera delivers H.264: use <see cref="RunAccessUnitsAsync"/>; otherwise <see cref="RunFramesAsync"/>.</summary>
    public bool ProducesAccessUnits => Mode.IsH264;

    /// <summary>True when the camera delivers Motion-JPEG, which this source decodes to I420 before <see cref="RunFramesAsync"/> hands frames on.</summary>
    public bool DecodesMjpeg => _jpeg is not null;

    /// <summary>For H.264 cameras: true when <see cref="RequestKeyframe"/> can force an IDR (V4L2_CID_MPEG_VIDEO_FORCE_KEY_FRAME).</summary>
    public bool CanForceKeyframes => _canForceKeyframes;

    /// <summary>Pictures or access units delivered so far.</summary>
    public long FramesCaptured => Interlocked.Read(ref _framesCaptured);

    /// <summary>Pictures dropped because every pooled frame was still held downstream.</summary>
    public long FramesDropped => Interlocked.Read(ref _framesDropped);

    /// <summary>Buffers the driver flagged as corrupt or returned short, skipped.</summary>
    public long BuffersCorrupted => Interlocked.Read(ref _buffersCorrupted);

    /// <summary>For MJPEG cameras: pictures skipped as unusable (flagged, empty, cut short or undecodable).</summary>
    public long PicturesUnusable => _unusable?.Skipped ?? 0;

    /// <summary>
    /// Opens and configures the device; nothing streams until a run starts.
    /// </summary>
    /// <exception cref="CameraDisconnectedException">The node is missing or the device vanished while being set up.</exception>
    /// <exception cref="CameraFormatException">The device cannot capture the configured size, rate and format; the message lists what it can.</exception>
    /// <exception cref="CameraNotSupportedException">The node is not a streaming capture device.</exception>
    /// <exception cref="PlatformNotSupportedException">This architecture has no V4L2 layout tables (see <see cref="V4l2AbiCheck"/>).</exception>
    /// <exception cref="LinuxIOException">Another system call failed (errno and call in the message).</exception>
    public static V4l2CaptureSource Open(V4l2CaptureOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        logger ??= NullLogger.Instance;
        V4l2AbiCheck.ThrowIfUnsupported();

        var device = OpenDevice(options.Device);
        V4l2BufferQueue? queue = null;
        try
        {
            var (capability, bufferType) = CheckCaptureDevice(device);
            var description = Describe(device, capability, bufferType, options.Width, options.Height);
            var canDecodeMjpeg = CanDecodeMjpeg(description, logger);
            var mode = V4l2FormatNegotiator.Choose(description, options, canDecodeMjpeg);

            var set = device.SetFormat(new V4l2FormatRequest(bufferType, mode.PixelFormat.Value, mode.Width, mode.Height));
            if (set.PixelFormat != mode.PixelFormat.Value || set.Width != mode.Width || set.Height != mode.Height)
            {
                throw new CameraFormatException(device.Path,
                    $"{device.Path} was asked for {mode.PixelFormat} {mode.Width}x{mode.Height} but set {new FourCC(set.PixelFormat)} {set.Width}x{set.Height}; " +
                    $"it offers: {V4l2FormatNegotiator.DescribeOffers(description, canDecodeMjpeg)}; set {options.ConfigKey}.width/height/fps/format to one of these");
            }

            var bytesPerLine = set.BytesPerLine;
            if (I420Converter.CanConvert(mode.PixelFormat))
            {
                var minimum = I420Converter.MinimumBytesPerLine(mode.PixelFormat, mode.Width);
                if (bytesPerLine < minimum)
                    bytesPerLine = minimum; // drivers may leave bytesperline 0 for packed formats
            }

            var applied = device.SetFrameInterval(bufferType, mode.Interval);
            if (applied is null)
                LogNoRateControl(logger, device.Path, mode.Interval.FormatRate());
            else if (Math.Abs(applied.Value.FramesPerSecond - options.FramesPerSecond) > options.FramesPerSecond * 0.01)
                LogRateDiffers(logger, device.Path, options.FramesPerSecond, applied.Value.FormatRate());

            queue = V4l2BufferQueue.Allocate(device, bufferType, options.BufferCount);
            var canForce = mode.IsH264 && device.QueryControl(V4L2_CID_MPEG_VIDEO_FORCE_KEY_FRAME) is { IsWritable: true };
            var source = new V4l2CaptureSource(device, queue, options, description, mode, bytesPerLine, applied, canForce, logger);
            LogOpened(logger, device.Path, capability.Card, capability.Driver, mode.ToString(), source.FramesPerSecond, queue.Count,
                V4l2Device.IsMultiPlanar(bufferType) ? "multi-planar" : "single-planar");
            return source;
        }
        catch (Exception ex)
        {
            queue?.Dispose();
            device.Dispose();
            if (ex is LinuxIOException { IsDeviceGone: true } gone)
                throw Disconnected(options.Device, gone);
            if (ex is NotSupportedException unsupported)
                throw new CameraNotSupportedException(options.Device, unsupported.Message);
            throw;
        }
    }

    /// <summary>
    /// Opens a node just to describe it: its formats, with sizes and rates for those Edge can use
    /// (intervals of stepwise sizes are probed at <paramref name="width"/>x<paramref name="height"/>).
    /// </summary>
    public static V4l2CaptureDeviceDescription Describe(string devicePath, int width = 1280, int height = 720)
    {
        V4l2AbiCheck.ThrowIfUnsupported();
        using var device = OpenDevice(devicePath);
        try
        {
            var (capability, bufferType) = CheckCaptureDevice(device);
            return Describe(device, capability, bufferType, width, height);
        }
        catch (LinuxIOException ex) when (ex.IsDeviceGone)
        {
            throw Disconnected(devicePath, ex);
        }
    }

    /// <summary>
    /// Delivers raw pictures until cancelled. Each frame is passed to <paramref name="onFrame"/>
    /// on the source's own thread with its ownership: the callback (or whoever it hands the frame
    /// to) must <see cref="VideoFrame.Dispose"/> it. Once the token is cancelled (even from inside
    /// the callback) no further frame is delivered.
    /// </summary>
    /// <returns>A task that completes when cancelled, or faults with <see cref="CameraDisconnectedException"/>,
    /// <see cref="CameraTimeoutException"/>, or whatever the callback threw.</returns>
    public Task RunFramesAsync(Action<VideoFrame> onFrame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onFrame);
        if (ProducesAccessUnits)
            throw new InvalidOperationException($"{DevicePath} delivers H.264 ({Mode}); use RunAccessUnitsAsync.");
        return Start(onFrame, null, cancellationToken);
    }

    /// <summary>
    /// Delivers the camera's H.264 as Annex B access units (SPS/PPS put in front of every IDR)
    /// until cancelled, on the source's own thread; each unit's one reference goes to the callback.
    /// </summary>
    public Task RunAccessUnitsAsync(Action<AccessUnit> onAccessUnit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onAccessUnit);
        if (!ProducesAccessUnits)
            throw new InvalidOperationException($"{DevicePath} delivers raw pictures ({Mode}); use RunFramesAsync.");
        return Start(null, onAccessUnit, cancellationToken);
    }

    /// <summary>For H.264 cameras: asks for the next picture to be an IDR, when <see cref="CanForceKeyframes"/>. Thread-safe.</summary>
    public void RequestKeyframe()
    {
        if (_canForceKeyframes)
            Volatile.Write(ref _keyframeRequested, 1);
    }

    /// <summary>
    /// Stops a run still going (waiting up to 5 s for its thread), then stops streaming, unmaps and
    /// frees the buffers and closes the node. Never throws.
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        Volatile.Write(ref _disposed, true);
        _stop.Cancel();
        Interlocked.MemoryBarrier(); // pairs with the run's exit: one of the two releases
        if (Volatile.Read(ref _running) != 0 && _thread is { } thread)
        {
            if (thread == Thread.CurrentThread)
                return; // disposed from the callback: the run releases everything as it ends
            if (!thread.Join(TimeSpan.FromSeconds(5)))
            {
                // The callback is stuck: unmapping under it would crash the process. Leave the
                // buffers to the process's exit and say so.
                LogStuck(_logger, DevicePath);
                return;
            }
        }

        Release();
    }

    /// <inheritdoc />
    public override string ToString() => $"{DevicePath} {Mode}";

    private void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
            return;
        ReleaseExports();
        _queue.Dispose();
        _device.Dispose();
        _stop.Dispose();
        _jpeg?.Dispose();
    }

    internal static V4l2Device OpenDevice(string path)
    {
        try
        {
            return V4l2Device.Open(path);
        }
        catch (LinuxIOException ex) when (ex.IsDeviceGone)
        {
            throw Disconnected(path, ex);
        }
        catch (LinuxIOException ex) when (ex.Errno == LinuxErrno.EACCES)
        {
            throw new IOException($"{path}: permission denied; add the user Edge runs as to the \"video\" group", ex);
        }
    }

    internal static (V4l2DeviceCapability Capability, uint BufferType) CheckCaptureDevice(V4l2Device device)
    {
        var capability = device.QueryCapability();
        if (capability.Has(V4L2_CAP_VIDEO_M2M) || capability.Has(V4L2_CAP_VIDEO_M2M_MPLANE))
        {
            throw new CameraNotSupportedException(device.Path,
                $"{device.Path} ({capability.Card}) is a memory-to-memory device (an encoder or decoder), not a camera; set the camera's device to a capture node");
        }

        uint bufferType;
        if (capability.Has(V4L2_CAP_VIDEO_CAPTURE))
            bufferType = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        else if (capability.Has(V4L2_CAP_VIDEO_CAPTURE_MPLANE))
            bufferType = V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE;
        else
            throw new CameraNotSupportedException(device.Path, $"{device.Path} ({capability.Card}, {capability.Driver}) is not a video capture device");

        if (!capability.Has(V4L2_CAP_STREAMING))
            throw new CameraNotSupportedException(device.Path, $"{device.Path} ({capability.Card}) does not support streaming I/O, which Edge needs");
        return (capability, bufferType);
    }

    internal static V4l2CaptureDeviceDescription Describe(V4l2Device device, V4l2DeviceCapability capability, uint bufferType, int width, int height)
    {
        var formats = new List<V4l2FormatCapability>();
        foreach (var format in device.EnumerateFormats(bufferType))
        {
            var fourcc = new FourCC(format.PixelFormat);
            var sizes = new List<V4l2FrameSizeCapability>();
            if (V4l2FormatNegotiator.IsUsable(fourcc, canDecodeMjpeg: false) || V4l2FormatNegotiator.IsMjpeg(fourcc))
            {
                foreach (var size in device.EnumerateFrameSizes(format.PixelFormat))
                {
                    var (w, h) = size.IsDiscrete ? (size.MinWidth, size.MinHeight) : (width, height);
                    var intervals = size.IsDiscrete || size.Contains(width, height)
                        ? device.EnumerateFrameIntervals(format.PixelFormat, w, h)
                        : [];
                    sizes.Add(new V4l2FrameSizeCapability(size, intervals));
                }
            }

            formats.Add(new V4l2FormatCapability(fourcc, format.Description, format.IsCompressed, sizes));
        }

        return new V4l2CaptureDeviceDescription(device.Path, capability.Driver, capability.Card, V4l2Device.IsMultiPlanar(bufferType), formats);
    }

    private static CameraDisconnectedException Disconnected(string path, LinuxIOException cause) =>
        new(path, $"{path} is gone ({cause.Operation}: {cause.Message}); is the camera connected?", cause);

    private Task Start(Action<VideoFrame>? onFrame, Action<AccessUnit>? onAccessUnit, CancellationToken cancellationToken, Action<DmabufFrame>? onDmabuf = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Interlocked.Exchange(ref _running, 1) != 0)
            throw new InvalidOperationException($"{DevicePath}: the source is already running.");

        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        _thread = new Thread(() =>
        {
            // The run is over (and disposing allowed) before anyone awaiting the task resumes.
            Exception? failure = null;
            try
            {
                Run(onFrame, onAccessUnit, stop.Token, onDmabuf);
            }
            catch (Exception ex)
            {
                failure = ex;
                if (ex is CameraDisconnectedException or CameraTimeoutException or CameraFramesUnusableException)
                    LogEnded(_logger, DevicePath, ex.Message);
                else
                    LogFailed(_logger, DevicePath, ex);
            }

            stop.Dispose();
            Volatile.Write(ref _running, 0);
            Interlocked.MemoryBarrier();
            if (Volatile.Read(ref _disposed))
                Release();
            if (failure is null)
                completion.SetResult();
            else
                completion.SetException(failure);
        })
        {
            IsBackground = true,
            Name = "edge-v4l2-capture",
        };
        _thread.Start();
        return completion.Task;
    }

    private void Run(Action<VideoFrame>? onFrame, Action<AccessUnit>? onAccessUnit, CancellationToken cancellationToken, Action<DmabufFrame>? onDmabuf)
    {
        try
        {
            QueueAvailableBuffers();
            _queue.StreamOn();
            LogStarted(_logger, DevicePath, Mode.ToString());

            var lastFrame = Stopwatch.GetTimestamp();
            var lastReport = lastFrame;
            long reportedLoss = 0;
            while (!cancellationToken.IsCancellationRequested)
            {
                ReturnReleasedBuffers();
                var poll = _device.Poll(PollSlice);
                if (poll.Failed)
                    throw DisconnectedWhileStreaming();
                if (!poll.Ready)
                {
                    var silent = Stopwatch.GetElapsedTime(lastFrame);
                    if (silent > _frameTimeout)
                        throw new CameraTimeoutException(DevicePath, silent);
                    continue;
                }

                // At most one round of the buffers per wake-up, so cancellation and the timeout
                // are checked even when the driver refills buffers as fast as they are requeued.
                for (var taken = 0; taken < _queue.Count && !cancellationToken.IsCancellationRequested; taken++)
                {
                    var errno = _queue.TryDequeue(out var buffer);
                    if (errno == LinuxErrno.EAGAIN)
                        break;
                    if (errno != 0)
                        throw new LinuxIOException(DevicePath, "VIDIOC_DQBUF", errno);
                    lastFrame = Stopwatch.GetTimestamp();
                    Deliver(buffer, onFrame, onAccessUnit, onDmabuf);
                }

                var now = Stopwatch.GetTimestamp();
                if (now - lastReport >= Stopwatch.Frequency)
                {
                    var loss = FramesDropped + BuffersCorrupted;
                    if (loss != reportedLoss)
                    {
                        LogLoss(_logger, DevicePath, FramesDropped, BuffersCorrupted);
                        reportedLoss = loss;
                    }

                    ReportDmabufPressure();

                    lastReport = now;
                }
            }

            LogStopped(_logger, DevicePath, FramesCaptured, FramesDropped, BuffersCorrupted);
        }
        catch (LinuxIOException ex) when (ex.IsDeviceGone)
        {
            throw Disconnected(DevicePath, ex);
        }
        finally
        {
            _queue.StreamOff();
        }
    }

    // POLLERR/POLLHUP while streaming: ask DQBUF for the errno that says why, for the message.
    private CameraDisconnectedException DisconnectedWhileStreaming()
    {
        var errno = _queue.TryDequeue(out _); // a buffer dequeued here stays with us: StreamOff returns them all
        var detail = errno is 0 or LinuxErrno.EAGAIN
            ? "poll reported an error (POLLERR/POLLHUP)"
            : new LinuxIOException(DevicePath, "VIDIOC_DQBUF", errno).Message;
        return new CameraDisconnectedException(DevicePath, $"{DevicePath} is gone ({detail}); is the camera connected?");
    }

    private void Deliver(in V4l2DequeuedBuffer buffer, Action<VideoFrame>? onFrame, Action<AccessUnit>? onAccessUnit, Action<DmabufFrame>? onDmabuf)
    {
        if (onDmabuf is not null)
        {
            DeliverDmabuf(buffer, onDmabuf);
            return;
        }

        var data = _queue.GetBuffer(buffer.Index);
        var offset = Math.Min(buffer.DataOffset, data.Length);
        var used = buffer.BytesUsed == 0 ? data.Length - offset : Math.Min(buffer.BytesUsed, data.Length) - offset;
        var timestamp = CaptureTimestamp(buffer);

        if (_jpeg is not null)
        {
            DeliverJpeg(data, buffer, timestamp, onFrame!);
            return;
        }

        if (buffer.Has(V4L2_BUF_FLAG_ERROR) || used <= 0)
        {
            Interlocked.Increment(ref _buffersCorrupted);
            _queue.Queue(buffer.Index);
            return;
        }

        if (onAccessUnit is not null)
        {
            DeliverAccessUnit(data.Slice(offset, used), buffer, timestamp, onAccessUnit);
            return;
        }

        var picture = data.Slice(offset, used);
        if (picture.Length < I420Converter.RequiredBytes(Mode.PixelFormat, _bytesPerLine, Mode.Height))
        {
            // A short payload is a frame the device did not finish (a USB hiccup).
            Interlocked.Increment(ref _buffersCorrupted);
            _queue.Queue(buffer.Index);
            return;
        }

        if (!_pool!.TryRent(out var frame))
        {
            Interlocked.Increment(ref _framesDropped);
            _queue.Queue(buffer.Index);
            return;
        }

        try
        {
            I420Converter.ToI420(Mode.PixelFormat, picture, _bytesPerLine, frame);
            frame.CaptureTimestamp = timestamp;
            frame.FrameNumber = buffer.Sequence;
            _queue.Queue(buffer.Index);
        }
        catch
        {
            frame.Dispose();
            throw;
        }

        Interlocked.Increment(ref _framesCaptured);
        onFrame!(frame);
    }

    private void DeliverAccessUnit(ReadOnlySpan<byte> payload, in V4l2DequeuedBuffer buffer, long timestamp, Action<AccessUnit> onAccessUnit)
    {
        var unit = _packager!.Package(payload, timestamp, buffer.Sequence);
        try
        {
            _queue.Queue(buffer.Index);
            if (Interlocked.Exchange(ref _keyframeRequested, 0) != 0)
                _ = _device.TrySetControl(V4L2_CID_MPEG_VIDEO_FORCE_KEY_FRAME, 1);
        }
        catch
        {
            unit?.Release();
            throw;
        }

        if (unit is null)
            return; // parameter sets alone: remembered for the next IDR
        Interlocked.Increment(ref _framesCaptured);
        onAccessUnit(unit);
    }

    // An MJPEG camera's picture: decoded into a pooled frame, or skipped and counted when it is
    // flagged, empty (bytesused 0 means no picture here, unlike for raw formats), cut short or
    // undecodable. The V4L2 buffer goes back to the driver as soon as the decoder is done with it.
    private void DeliverJpeg(Span<byte> data, in V4l2DequeuedBuffer buffer, long timestamp, Action<VideoFrame> onFrame)
    {
        var offset = Math.Min(buffer.DataOffset, data.Length);
        var used = Math.Max(0, Math.Min(buffer.BytesUsed, data.Length) - offset);
        FrameRejection rejection;
        if (buffer.Has(V4L2_BUF_FLAG_ERROR))
        {
            rejection = FrameRejection.Because(FrameRejectionReason.FlaggedByDriver);
        }
        else if (used == 0)
        {
            rejection = FrameRejection.Because(FrameRejectionReason.Empty);
        }
        else
        {
            if (!_pool!.TryRent(out var frame))
            {
                Interlocked.Increment(ref _framesDropped);
                _queue.Queue(buffer.Index);
                return;
            }

            bool decoded;
            try
            {
                decoded = _jpeg!.TryDecode(data.Slice(offset, used), frame, out rejection);
                _queue.Queue(buffer.Index);
            }
            catch
            {
                frame.Dispose();
                throw;
            }

            if (decoded)
            {
                _unusable!.Usable();
                frame.CaptureTimestamp = timestamp;
                frame.FrameNumber = buffer.Sequence;
                Interlocked.Increment(ref _framesCaptured);
                onFrame(frame);
                return;
            }

            frame.Dispose();
            _unusable!.Skip(rejection);
            return;
        }

        _queue.Queue(buffer.Index);
        _unusable!.Skip(rejection);
    }

    // Whether MJPEG can be decoded, asked only of devices that offer it (so FFmpeg is not loaded
    // for the others); when it cannot, the reason is logged once, as it is not in the mode error.
    private static bool CanDecodeMjpeg(V4l2CaptureDeviceDescription description, ILogger logger)
    {
        if (!description.Formats.Any(f => V4l2FormatNegotiator.IsMjpeg(f.PixelFormat)))
            return false;
        if (MjpegDecoder.IsAvailable(out var reason))
            return true;
        LogNoMjpegDecoder(logger, description.Path, reason);
        return false;
    }

    private static (MjpegDecoder, UnusableFrameMonitor) OpenMjpegDecoder(V4l2BufferQueue queue, V4l2CaptureMode mode, V4l2CaptureOptions options,
        TimeSpan failAfter, ILogger logger)
    {
        // A picture can be no larger than the buffer the driver fills.
        var largest = 0;
        for (var i = 0; i < queue.Count; i++)
            largest = Math.Max(largest, queue.GetLength(i));
        var decoder = MjpegDecoder.Open(mode.Width, mode.Height, largest, logger);
        var monitor = new UnusableFrameMonitor(options.Device, "MJPEG", failAfter,
            $"the camera is sending damaged pictures: check its USB cable and port (a powered hub helps), or lower {options.ConfigKey}.width/height/fps",
            logger);
        return (decoder, monitor);
    }

    // The driver's CLOCK_MONOTONIC stamp when it gives one (the clock Stopwatch reads on Linux),
    // else the time of DQBUF; never mixed per frame, and strictly increasing either way, so a
    // stalled thread cannot make time run backwards for RTP and FLV.
    private long CaptureTimestamp(in V4l2DequeuedBuffer buffer)
    {
        var timestamp = (buffer.Flags & V4L2_BUF_FLAG_TIMESTAMP_MASK) == V4L2_BUF_FLAG_TIMESTAMP_MONOTONIC && buffer.TimestampMicroseconds > 0
            ? MediaClock.FromMicroseconds(buffer.TimestampMicroseconds)
            : Stopwatch.GetTimestamp();
        if (timestamp <= _lastTimestamp)
            timestamp = _lastTimestamp + 1;
        _lastTimestamp = timestamp;
        return timestamp;
    }

    [LoggerMessage(EventId = 2500, Level = LogLevel.Information,
        Message = "{Device} ({Card}, {Driver}): capturing {Mode} at {Fps:0.##} fps with {Buffers} {Planar} mmap buffers")]
    private static partial void LogOpened(ILogger logger, string device, string card, string driver, string mode, double fps, int buffers, string planar);

    [LoggerMessage(EventId = 2501, Level = LogLevel.Information, Message = "{Device} has no frame-rate control; it runs at its own rate (asked for {Fps} fps)")]
    private static partial void LogNoRateControl(ILogger logger, string device, string fps);

    [LoggerMessage(EventId = 2502, Level = LogLevel.Warning, Message = "{Device} was asked for {Requested} fps and set {Applied} fps")]
    private static partial void LogRateDiffers(ILogger logger, string device, int requested, string applied);

    [LoggerMessage(EventId = 2503, Level = LogLevel.Information, Message = "{Device} streaming {Mode}")]
    private static partial void LogStarted(ILogger logger, string device, string mode);

    [LoggerMessage(EventId = 2504, Level = LogLevel.Warning,
        Message = "{Device}: {Dropped} pictures dropped (all frames held downstream), {Corrupted} corrupt buffers skipped so far")]
    private static partial void LogLoss(ILogger logger, string device, long dropped, long corrupted);

    [LoggerMessage(EventId = 2505, Level = LogLevel.Information,
        Message = "{Device} stopped after {Captured} pictures ({Dropped} dropped, {Corrupted} corrupt)")]
    private static partial void LogStopped(ILogger logger, string device, long captured, long dropped, long corrupted);

    [LoggerMessage(EventId = 2506, Level = LogLevel.Error, Message = "{Device} capture failed")]
    private static partial void LogFailed(ILogger logger, string device, Exception exception);

    [LoggerMessage(EventId = 2507, Level = LogLevel.Warning, Message = "{Device} capture ended: {Reason}")]
    private static partial void LogEnded(ILogger logger, string device, string reason);

    [LoggerMessage(EventId = 2521, Level = LogLevel.Information,
        Message = "{Device} offers MJPEG, which Edge cannot decode here: {Reason}")]
    private static partial void LogNoMjpegDecoder(ILogger logger, string device, string reason);

    [LoggerMessage(EventId = 2508, Level = LogLevel.Error,
        Message = "{Device}: the capture callback did not return within 5 s of dispose; its buffers stay mapped until the process exits")]
    private static partial void LogStuck(ILogger logger, string device);
}
