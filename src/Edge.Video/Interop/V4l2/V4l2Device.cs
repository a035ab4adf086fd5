using System.Runtime.InteropServices;
using System.Text;
using Edge.Linux.IO;
using Edge.Video.Sources.V4l2;
using static Edge.Video.V4l2.Videodev2;

namespace Edge.Video.V4l2;

/// <summary>
/// An open V4L2 video node: the typed layer between the raw structs and the capture source and
/// encoder. Owns the descriptor (opened non-blocking, so DQBUF never blocks; waiting is done with
/// <see cref="Poll"/>), speaks the ABI of this process, and turns failures into
/// <see cref="LinuxIOException"/>s that name the device and the request.
/// </summary>
/// <remarks>
/// Buffers are single-memory-plane: single-planar queues, or multi-planar queues whose format has
/// <c>num_planes == 1</c> (YU12, NV12, YUYV, H.264 — what Edge captures and encodes).
/// </remarks>
internal sealed unsafe partial class V4l2Device : IDisposable
{
    private const int MaxPlanes = 1;

    private readonly DeviceFile _file;

    private V4l2Device(DeviceFile file, V4l2Abi abi)
    {
        _file = file;
        Abi = abi;
        Requests = abi.Requests;
    }

    /// <summary>The node's path, e.g. <c>/dev/video0</c>.</summary>
    public string Path => _file.Path;

    /// <summary>The struct layouts and request numbers in use.</summary>
    public V4l2Abi Abi { get; }

    /// <summary>True once disposed.</summary>
    public bool IsClosed => _file.IsClosed;

    private V4l2Requests Requests { get; }

    /// <summary>Opens a node read-write, non-blocking, close-on-exec.</summary>
    /// <exception cref="LinuxIOException">The node cannot be opened (errno says why; ENOENT when missing).</exception>
    public static V4l2Device Open(string path, V4l2Abi? abi = null) =>
        new(DeviceFile.Open(path, nonBlocking: true), abi ?? V4l2Abi.Current);

    /// <summary>VIDIOC_QUERYCAP.</summary>
    public V4l2DeviceCapability QueryCapability()
    {
        var cap = default(v4l2_capability);
        _file.Ioctl(Requests.VIDIOC_QUERYCAP, ref cap, "VIDIOC_QUERYCAP");
        var capabilities = cap.capabilities;
        var deviceCaps = (capabilities & V4L2_CAP_DEVICE_CAPS) != 0 ? cap.device_caps : capabilities;
        return new V4l2DeviceCapability(CString(cap.driver, 16), CString(cap.card, 32), CString(cap.bus_info, 32), deviceCaps);
    }

    /// <summary>VIDIOC_ENUM_FMT over every index of a queue.</summary>
    public List<V4l2FormatDescriptor> EnumerateFormats(uint bufferType)
    {
        var formats = new List<V4l2FormatDescriptor>();
        for (uint index = 0; index < 256; index++)
        {
            var desc = new v4l2_fmtdesc { index = index, type = bufferType };
            var errno = _file.TryIoctl(Requests.VIDIOC_ENUM_FMT, ref desc);
            if (errno == LinuxErrno.EINVAL)
                break;
            if (errno != 0)
                throw new LinuxIOException(Path, "VIDIOC_ENUM_FMT", errno);
            formats.Add(new V4l2FormatDescriptor(desc.pixelformat, CString(desc.description, 32), desc.flags));
        }

        return formats;
    }

    /// <summary>VIDIOC_ENUM_FRAMESIZES for one format; empty when the driver does not enumerate sizes.</summary>
    public List<V4l2FrameSizeEntry> EnumerateFrameSizes(uint pixelFormat)
    {
        var sizes = new List<V4l2FrameSizeEntry>();
        for (uint index = 0; index < 1024; index++)
        {
            var size = new v4l2_frmsizeenum { index = index, pixel_format = pixelFormat };
            var errno = _file.TryIoctl(Requests.VIDIOC_ENUM_FRAMESIZES, ref size);
            if (errno is LinuxErrno.EINVAL or LinuxErrno.ENOTTY)
                break;
            if (errno != 0)
                throw new LinuxIOException(Path, "VIDIOC_ENUM_FRAMESIZES", errno);
            if (size.type == V4L2_FRMSIZE_TYPE_DISCRETE)
            {
                sizes.Add(V4l2FrameSizeEntry.Discrete((int)size.discrete_width, (int)size.discrete_height));
                continue;
            }

            // Stepwise and continuous sizes are reported once, at index 0.
            var step = size.type == V4L2_FRMSIZE_TYPE_CONTINUOUS;
            sizes.Add(new V4l2FrameSizeEntry(
                (int)size.stepwise_min_width, (int)size.stepwise_max_width, step ? 1 : (int)Math.Max(1, size.stepwise_step_width),
                (int)size.stepwise_min_height, (int)size.stepwise_max_height, step ? 1 : (int)Math.Max(1, size.stepwise_step_height)));
            break;
        }

        return sizes;
    }

    /// <summary>VIDIOC_ENUM_FRAMEINTERVALS for one format and size; empty when the driver does not enumerate them.</summary>
    public List<V4l2FrameIntervalEntry> EnumerateFrameIntervals(uint pixelFormat, int width, int height)
    {
        var intervals = new List<V4l2FrameIntervalEntry>();
        for (uint index = 0; index < 256; index++)
        {
            var interval = new v4l2_frmivalenum { index = index, pixel_format = pixelFormat, width = (uint)width, height = (uint)height };
            var errno = _file.TryIoctl(Requests.VIDIOC_ENUM_FRAMEINTERVALS, ref interval);
            if (errno is LinuxErrno.EINVAL or LinuxErrno.ENOTTY)
                break;
            if (errno != 0)
                throw new LinuxIOException(Path, "VIDIOC_ENUM_FRAMEINTERVALS", errno);
            if (interval.type == V4L2_FRMIVAL_TYPE_DISCRETE)
            {
                if (interval.discrete.numerator != 0 && interval.discrete.denominator != 0)
                    intervals.Add(V4l2FrameIntervalEntry.Discrete(interval.discrete.numerator, interval.discrete.denominator));
                continue;
            }

            intervals.Add(new V4l2FrameIntervalEntry(
                new V4l2Fraction(interval.stepwise_min.numerator, interval.stepwise_min.denominator),
                new V4l2Fraction(interval.stepwise_max.numerator, interval.stepwise_max.denominator)));
            break;
        }

        return intervals;
    }

    /// <summary>VIDIOC_G_FMT.</summary>
    public V4l2PixelFormat GetFormat(uint bufferType)
    {
        var bytes = stackalloc byte[v4l2_format.MaxSize];
        var format = new v4l2_format(new Span<byte>(bytes, v4l2_format.MaxSize), Abi);
        format.Bytes.Clear();
        format.type = bufferType;
        Check(_file.TryIoctl(Requests.VIDIOC_G_FMT, bytes), "VIDIOC_G_FMT");
        return Read(format);
    }

    /// <summary>
    /// VIDIOC_S_FMT (or VIDIOC_TRY_FMT with <paramref name="tryOnly"/>): asks for a format and
    /// returns what the driver chose, which may differ.
    /// </summary>
    public V4l2PixelFormat SetFormat(in V4l2FormatRequest request, bool tryOnly = false)
    {
        var bytes = stackalloc byte[v4l2_format.MaxSize];
        var format = new v4l2_format(new Span<byte>(bytes, v4l2_format.MaxSize), Abi);
        format.Bytes.Clear();
        format.type = request.BufferType;
        if (IsMultiPlanar(request.BufferType))
        {
            ref var mp = ref format.pix_mp;
            mp.width = (uint)request.Width;
            mp.height = (uint)request.Height;
            mp.pixelformat = request.PixelFormat;
            mp.field = V4L2_FIELD_NONE;
            mp.num_planes = 1;
            mp.plane_fmt[0].bytesperline = (uint)request.BytesPerLine;
            mp.plane_fmt[0].sizeimage = (uint)request.SizeImage;
        }
        else
        {
            ref var pix = ref format.pix;
            pix.width = (uint)request.Width;
            pix.height = (uint)request.Height;
            pix.pixelformat = request.PixelFormat;
            pix.field = V4L2_FIELD_NONE;
            pix.bytesperline = (uint)request.BytesPerLine;
            pix.sizeimage = (uint)request.SizeImage;
        }

        var operation = tryOnly ? "VIDIOC_TRY_FMT" : "VIDIOC_S_FMT";
        Check(_file.TryIoctl(tryOnly ? Requests.VIDIOC_TRY_FMT : Requests.VIDIOC_S_FMT, bytes), operation);
        return Read(format);
    }

    /// <summary>
    /// VIDIOC_S_PARM with a time per frame. Returns the interval the driver applied, or null when
    /// the queue has no frame-rate control (ENOTTY/EINVAL, or no V4L2_CAP_TIMEPERFRAME).
    /// </summary>
    public V4l2Fraction? SetFrameInterval(uint bufferType, V4l2Fraction interval)
    {
        var parm = new v4l2_streamparm { type = bufferType };
        var errno = _file.TryIoctl(Requests.VIDIOC_G_PARM, ref parm);
        if (errno is LinuxErrno.ENOTTY or LinuxErrno.EINVAL)
            return null;
        Check(errno, "VIDIOC_G_PARM");
        if ((parm.capability & V4L2_CAP_TIMEPERFRAME) == 0)
            return null;

        parm = new v4l2_streamparm { type = bufferType };
        parm.timeperframe.numerator = interval.Numerator;
        parm.timeperframe.denominator = interval.Denominator;
        errno = _file.TryIoctl(Requests.VIDIOC_S_PARM, ref parm);
        if (errno is LinuxErrno.ENOTTY)
            return null;
        Check(errno, "VIDIOC_S_PARM");
        return parm.timeperframe.numerator == 0 || parm.timeperframe.denominator == 0
            ? null
            : new V4l2Fraction(parm.timeperframe.numerator, parm.timeperframe.denominator);
    }

    /// <summary>VIDIOC_S_SELECTION of the crop rectangle; returns the errno (0 on success).</summary>
    public int TrySetCrop(uint bufferType, int width, int height)
    {
        // The selection API takes the single-planar type for both kinds of queue.
        var type = bufferType switch
        {
            V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE => V4L2_BUF_TYPE_VIDEO_OUTPUT,
            V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE => V4L2_BUF_TYPE_VIDEO_CAPTURE,
            _ => bufferType,
        };
        var selection = new v4l2_selection { type = type, target = V4L2_SEL_TGT_CROP };
        selection.r.width = (uint)width;
        selection.r.height = (uint)height;
        return _file.TryIoctl(Requests.VIDIOC_S_SELECTION, ref selection);
    }

    /// <summary>VIDIOC_REQBUFS; returns how many buffers the driver allocated (0 frees them all).</summary>
    public int RequestBuffers(uint bufferType, uint memory, int count)
    {
        var request = new v4l2_requestbuffers { count = (uint)count, type = bufferType, memory = memory };
        _file.Ioctl(Requests.VIDIOC_REQBUFS, ref request, "VIDIOC_REQBUFS");
        return (int)request.count;
    }

    /// <summary>VIDIOC_REQBUFS with count 0, ignoring errors: for teardown.</summary>
    public void TryReleaseBuffers(uint bufferType, uint memory)
    {
        var request = new v4l2_requestbuffers { count = 0, type = bufferType, memory = memory };
        _ = _file.TryIoctl(Requests.VIDIOC_REQBUFS, ref request);
    }

    /// <summary>VIDIOC_QUERYBUF of an MMAP buffer: its mmap offset and length.</summary>
    public (long Offset, int Length) QueryBuffer(uint bufferType, int index)
    {
        var bufferBytes = stackalloc byte[V4l2BufferLayoutMax];
        var planeBytes = stackalloc byte[V4l2PlaneLayoutMax * MaxPlanes];
        var buffer = NewBuffer(bufferBytes, planeBytes, bufferType, V4L2_MEMORY_MMAP, index);
        Check(_file.TryIoctl(Requests.VIDIOC_QUERYBUF, bufferBytes), "VIDIOC_QUERYBUF");
        // The kernel echoes what it was asked about: if it reads differently, our idea of the
        // struct is wrong for this kernel, whatever the start-up size check said.
        if (buffer.index != (uint)index || buffer.type != bufferType || buffer.memory != V4L2_MEMORY_MMAP)
            throw LayoutMismatch($"VIDIOC_QUERYBUF for buffer {index} read back as buffer {buffer.index}, type {buffer.type}, memory {buffer.memory}");
        if (!IsMultiPlanar(bufferType))
            return (buffer.m_offset, (int)buffer.length);
        if (buffer.length != 1)
            throw new NotSupportedException($"{Path}: buffer {index} has {buffer.length} memory planes; Edge handles single-plane formats only.");
        var plane = new v4l2_plane(new Span<byte>(planeBytes, Abi.Plane.Size), 0, Abi);
        return (plane.m_mem_offset, (int)plane.length);
    }

    /// <summary>
    /// VIDIOC_QBUF. For MMAP buffers <paramref name="dmabufFd"/> is ignored; for DMABUF it is the
    /// descriptor to import and <paramref name="length"/> how much of it to use (0: all of it).
    /// The timestamp (µs) is what an OUTPUT queue's driver copies to the matching CAPTURE buffer.
    /// Returns the errno.
    /// </summary>
    public int TryQueue(uint bufferType, uint memory, int index, int bytesUsed, long timestampMicroseconds, int dmabufFd = -1, int length = 0)
    {
        var bufferBytes = stackalloc byte[V4l2BufferLayoutMax];
        var planeBytes = stackalloc byte[V4l2PlaneLayoutMax * MaxPlanes];
        var buffer = NewBuffer(bufferBytes, planeBytes, bufferType, memory, index);
        buffer.field = V4L2_FIELD_NONE;
        buffer.timestamp_tv_sec = timestampMicroseconds / 1_000_000;
        buffer.timestamp_tv_usec = timestampMicroseconds % 1_000_000;
        if (IsMultiPlanar(bufferType))
        {
            var plane = new v4l2_plane(new Span<byte>(planeBytes, Abi.Plane.Size), 0, Abi);
            plane.bytesused = (uint)bytesUsed;
            if (memory == V4L2_MEMORY_DMABUF)
            {
                plane.m_fd = dmabufFd;
                plane.length = (uint)length;
            }
        }
        else
        {
            buffer.bytesused = (uint)bytesUsed;
            if (memory == V4L2_MEMORY_DMABUF)
            {
                buffer.m_fd = dmabufFd;
                buffer.length = (uint)length;
            }
        }

        return _file.TryIoctl(Requests.VIDIOC_QBUF, bufferBytes);
    }

    /// <summary>
    /// VIDIOC_DQBUF, non-blocking. Returns 0 with the buffer, <see cref="LinuxErrno.EAGAIN"/> when none
    /// is ready, <see cref="LinuxErrno.EPIPE"/> after the last buffer of a drained encoder, or another errno.
    /// </summary>
    public int TryDequeue(uint bufferType, uint memory, out V4l2DequeuedBuffer dequeued)
    {
        var bufferBytes = stackalloc byte[V4l2BufferLayoutMax];
        var planeBytes = stackalloc byte[V4l2PlaneLayoutMax * MaxPlanes];
        var buffer = NewBuffer(bufferBytes, planeBytes, bufferType, memory, 0);
        var errno = _file.TryIoctl(Requests.VIDIOC_DQBUF, bufferBytes);
        if (errno != 0)
        {
            dequeued = default;
            return errno;
        }

        uint bytesUsed;
        uint dataOffset = 0;
        if (IsMultiPlanar(bufferType))
        {
            var plane = new v4l2_plane(new Span<byte>(planeBytes, Abi.Plane.Size), 0, Abi);
            bytesUsed = plane.bytesused;
            dataOffset = plane.data_offset;
        }
        else
        {
            bytesUsed = buffer.bytesused;
        }

        var timestamp = (buffer.timestamp_tv_sec * 1_000_000) + buffer.timestamp_tv_usec;
        dequeued = new V4l2DequeuedBuffer((int)buffer.index, (int)bytesUsed, (int)dataOffset, buffer.flags, timestamp, buffer.sequence);
        return 0;
    }

    /// <summary>VIDIOC_STREAMON.</summary>
    public void StreamOn(uint bufferType)
    {
        var type = (int)bufferType;
        _file.Ioctl(Requests.VIDIOC_STREAMON, ref type, "VIDIOC_STREAMON");
    }

    /// <summary>VIDIOC_STREAMOFF; returns the errno (teardown ignores it).</summary>
    public int TryStreamOff(uint bufferType)
    {
        var type = (int)bufferType;
        return _file.TryIoctl(Requests.VIDIOC_STREAMOFF, ref type);
    }

    /// <summary>VIDIOC_EXPBUF: exports a buffer's plane as a DMABUF descriptor the caller owns.</summary>
    public DeviceFile ExportBuffer(uint bufferType, int index, int plane = 0)
    {
        var export = new v4l2_exportbuffer { type = bufferType, index = (uint)index, plane = (uint)plane, flags = O_RDWR | O_CLOEXEC };
        _file.Ioctl(Requests.VIDIOC_EXPBUF, ref export, "VIDIOC_EXPBUF");
        return DeviceFile.FromDescriptor(export.fd, $"{Path} dmabuf {index}.{plane}");
    }

    /// <summary>VIDIOC_QUERYCTRL for one id; null when the driver has no such control.</summary>
    public V4l2ControlInfo? QueryControl(uint id)
    {
        var query = new v4l2_queryctrl { id = id };
        var errno = _file.TryIoctl(Requests.VIDIOC_QUERYCTRL, ref query);
        if (errno is LinuxErrno.EINVAL or LinuxErrno.ENOTTY)
            return null;
        Check(errno, "VIDIOC_QUERYCTRL");
        return ToInfo(query);
    }

    /// <summary>Every control the device has (VIDIOC_QUERYCTRL with V4L2_CTRL_FLAG_NEXT_CTRL).</summary>
    public List<V4l2ControlInfo> EnumerateControls()
    {
        var controls = new List<V4l2ControlInfo>();
        uint id = 0;
        for (var i = 0; i < 4096; i++)
        {
            var query = new v4l2_queryctrl { id = id | V4L2_CTRL_FLAG_NEXT_CTRL };
            var errno = _file.TryIoctl(Requests.VIDIOC_QUERYCTRL, ref query);
            if (errno != 0)
                break;
            controls.Add(ToInfo(query));
            id = query.id;
        }

        return controls;
    }

    /// <summary>VIDIOC_S_EXT_CTRLS with one integer control; returns the errno.</summary>
    public int TrySetControl(uint id, int value)
    {
        var control = new v4l2_ext_control { id = id, value = value };
        var bytes = stackalloc byte[v4l2_ext_controls.MaxSize];
        var controls = new v4l2_ext_controls(new Span<byte>(bytes, v4l2_ext_controls.MaxSize), Abi);
        controls.Bytes.Clear();
        controls.which = V4L2_CTRL_WHICH_CUR_VAL;
        controls.count = 1;
        controls.controls = (nint)(&control);
        return _file.TryIoctl(Requests.VIDIOC_S_EXT_CTRLS, bytes);
    }

    /// <summary>VIDIOC_ENCODER_CMD; returns the errno.</summary>
    public int TryEncoderCommand(uint command)
    {
        var cmd = new v4l2_encoder_cmd { cmd = command };
        return _file.TryIoctl(Requests.VIDIOC_ENCODER_CMD, ref cmd);
    }

    /// <summary>VIDIOC_SUBSCRIBE_EVENT; returns the errno.</summary>
    public int TrySubscribeEvent(uint type)
    {
        var subscription = new v4l2_event_subscription { type = type };
        return _file.TryIoctl(Requests.VIDIOC_SUBSCRIBE_EVENT, ref subscription);
    }

    /// <summary>VIDIOC_DQEVENT, non-blocking: the type of the next pending event, or null when there is none.</summary>
    public uint? TryDequeueEvent()
    {
        var bytes = stackalloc byte[v4l2_event.MaxSize];
        var @event = new v4l2_event(new Span<byte>(bytes, v4l2_event.MaxSize), Abi);
        @event.Bytes.Clear();
        return _file.TryIoctl(Requests.VIDIOC_DQEVENT, bytes) == 0 ? @event.type : null;
    }

    /// <summary>Waits until a buffer can be dequeued (or an event is pending), up to a timeout.</summary>
    public PollResult Poll(TimeSpan timeout, bool events = false) => _file.Poll(timeout, events);

    /// <summary>
    /// The error for a kernel answer that only a wrong struct layout explains: stop rather than
    /// map or read the wrong memory.
    /// </summary>
    internal PlatformNotSupportedException LayoutMismatch(string what) =>
        new($"{Path}: {what}. The V4L2 struct layout Edge uses for {Abi.Name} does not match this kernel's, "
            + "so Edge stops rather than read the wrong memory. This is a bug in Edge: please report it with the output of `uname -a`.");

    /// <summary>Maps a buffer plane (offset from <see cref="QueryBuffer"/>).</summary>
    public MemoryMapping Map(long offset, int length) => _file.Map(offset, length, "mmap");

    /// <summary>Closes the descriptor.</summary>
    public void Dispose() => _file.Dispose();

    /// <summary>True for the multi-planar buffer types.</summary>
    public static bool IsMultiPlanar(uint bufferType) =>
        bufferType is V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE or V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE;

    private const int V4l2BufferLayoutMax = 88;
    private const int V4l2PlaneLayoutMax = 64;

    private v4l2_buffer NewBuffer(byte* bufferBytes, byte* planeBytes, uint bufferType, uint memory, int index)
    {
        var buffer = new v4l2_buffer(new Span<byte>(bufferBytes, V4l2BufferLayoutMax), Abi);
        buffer.Bytes.Clear();
        new Span<byte>(planeBytes, V4l2PlaneLayoutMax * MaxPlanes).Clear();
        buffer.index = (uint)index;
        buffer.type = bufferType;
        buffer.memory = memory;
        if (IsMultiPlanar(bufferType))
        {
            buffer.m_planes = (nint)planeBytes;
            buffer.length = MaxPlanes;
        }

        return buffer;
    }

    private V4l2PixelFormat Read(v4l2_format format)
    {
        if (IsMultiPlanar(format.type))
        {
            ref var mp = ref format.pix_mp;
            if (mp.num_planes > 1)
            {
                throw new NotSupportedException(
                    $"{Path}: format {new FourCC(mp.pixelformat)} uses {mp.num_planes} memory planes; Edge handles single-plane formats only.");
            }

            return new V4l2PixelFormat(mp.pixelformat, (int)mp.width, (int)mp.height,
                (int)mp.plane_fmt[0].bytesperline, (int)mp.plane_fmt[0].sizeimage, mp.field, mp.colorspace);
        }

        ref var pix = ref format.pix;
        return new V4l2PixelFormat(pix.pixelformat, (int)pix.width, (int)pix.height, (int)pix.bytesperline, (int)pix.sizeimage, pix.field, pix.colorspace);
    }

    private void Check(int errno, string operation)
    {
        if (errno != 0)
            throw new LinuxIOException(Path, operation, errno);
    }

    private static V4l2ControlInfo ToInfo(in v4l2_queryctrl query)
    {
        fixed (byte* name = query.name)
            return new V4l2ControlInfo(query.id, CString(name, 32), query.type, query.minimum, query.maximum, Math.Max(1, query.step), query.default_value, query.flags);
    }

    private static string CString(byte* bytes, int capacity)
    {
        var span = new ReadOnlySpan<byte>(bytes, capacity);
        var end = span.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? span : span[..end]);
    }
}

/// <summary>What VIDIOC_QUERYCAP said; <see cref="Capabilities"/> are the node's own (device_caps).</summary>
internal sealed record V4l2DeviceCapability(string Driver, string Card, string BusInfo, uint Capabilities)
{
    public bool Has(uint capability) => (Capabilities & capability) != 0;
}

/// <summary>One VIDIOC_ENUM_FMT entry.</summary>
internal sealed record V4l2FormatDescriptor(uint PixelFormat, string Description, uint Flags)
{
    public bool IsCompressed => (Flags & Videodev2.V4L2_FMT_FLAG_COMPRESSED) != 0;
}

/// <summary>What to ask of VIDIOC_S_FMT.</summary>
internal readonly record struct V4l2FormatRequest(uint BufferType, uint PixelFormat, int Width, int Height, int BytesPerLine = 0, int SizeImage = 0);

/// <summary>A format as the driver set it (plane 0 for multi-planar queues).</summary>
internal readonly record struct V4l2PixelFormat(uint PixelFormat, int Width, int Height, int BytesPerLine, int SizeImage, uint Field, uint Colorspace);

/// <summary>One buffer VIDIOC_DQBUF returned (plane 0 for multi-planar queues).</summary>
internal readonly record struct V4l2DequeuedBuffer(int Index, int BytesUsed, int DataOffset, uint Flags, long TimestampMicroseconds, uint Sequence)
{
    public bool Has(uint flag) => (Flags & flag) != 0;
}

/// <summary>One control, as VIDIOC_QUERYCTRL describes it.</summary>
internal sealed record V4l2ControlInfo(uint Id, string Name, uint Type, int Minimum, int Maximum, int Step, int DefaultValue, uint Flags)
{
    public bool IsWritable => (Flags & (Videodev2.V4L2_CTRL_FLAG_DISABLED | Videodev2.V4L2_CTRL_FLAG_READ_ONLY)) == 0;
}
