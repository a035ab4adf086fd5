using System.Runtime.CompilerServices;
using Edge.Linux.IO;

namespace Edge.Video.V4l2;

/// <summary>
/// The VIDIOC_* request numbers of one ABI, built like the kernel's <c>_IOR/_IOW/_IOWR</c> macros
/// from the struct sizes: <see cref="Unsafe.SizeOf{T}"/> for the fixed-layout structs and the
/// <see cref="V4l2Abi"/> table for the others, so a struct and its number cannot disagree.
/// </summary>
internal sealed class V4l2Requests
{
    internal V4l2Requests(V4l2Abi abi)
    {
        var format = abi.Format.Size;
        var buffer = abi.Buffer.Size;
        var extControls = abi.ExtControls.Size;

        VIDIOC_QUERYCAP = IoctlRequest.IOR('V', 0, Unsafe.SizeOf<v4l2_capability>());
        VIDIOC_ENUM_FMT = IoctlRequest.IOWR('V', 2, Unsafe.SizeOf<v4l2_fmtdesc>());
        VIDIOC_G_FMT = IoctlRequest.IOWR('V', 4, format);
        VIDIOC_S_FMT = IoctlRequest.IOWR('V', 5, format);
        VIDIOC_REQBUFS = IoctlRequest.IOWR('V', 8, Unsafe.SizeOf<v4l2_requestbuffers>());
        VIDIOC_QUERYBUF = IoctlRequest.IOWR('V', 9, buffer);
        VIDIOC_QBUF = IoctlRequest.IOWR('V', 15, buffer);
        VIDIOC_EXPBUF = IoctlRequest.IOWR('V', 16, Unsafe.SizeOf<v4l2_exportbuffer>());
        VIDIOC_DQBUF = IoctlRequest.IOWR('V', 17, buffer);
        VIDIOC_STREAMON = IoctlRequest.IOW('V', 18, sizeof(int));
        VIDIOC_STREAMOFF = IoctlRequest.IOW('V', 19, sizeof(int));
        VIDIOC_G_PARM = IoctlRequest.IOWR('V', 21, Unsafe.SizeOf<v4l2_streamparm>());
        VIDIOC_S_PARM = IoctlRequest.IOWR('V', 22, Unsafe.SizeOf<v4l2_streamparm>());
        VIDIOC_G_CTRL = IoctlRequest.IOWR('V', 27, Unsafe.SizeOf<v4l2_control>());
        VIDIOC_S_CTRL = IoctlRequest.IOWR('V', 28, Unsafe.SizeOf<v4l2_control>());
        VIDIOC_QUERYCTRL = IoctlRequest.IOWR('V', 36, Unsafe.SizeOf<v4l2_queryctrl>());
        VIDIOC_TRY_FMT = IoctlRequest.IOWR('V', 64, format);
        VIDIOC_G_EXT_CTRLS = IoctlRequest.IOWR('V', 71, extControls);
        VIDIOC_S_EXT_CTRLS = IoctlRequest.IOWR('V', 72, extControls);
        VIDIOC_ENUM_FRAMESIZES = IoctlRequest.IOWR('V', 74, Unsafe.SizeOf<v4l2_frmsizeenum>());
        VIDIOC_ENUM_FRAMEINTERVALS = IoctlRequest.IOWR('V', 75, Unsafe.SizeOf<v4l2_frmivalenum>());
        VIDIOC_ENCODER_CMD = IoctlRequest.IOWR('V', 77, Unsafe.SizeOf<v4l2_encoder_cmd>());
        VIDIOC_DQEVENT = IoctlRequest.IOR('V', 89, abi.Event.Size);
        VIDIOC_SUBSCRIBE_EVENT = IoctlRequest.IOW('V', 90, Unsafe.SizeOf<v4l2_event_subscription>());
        VIDIOC_UNSUBSCRIBE_EVENT = IoctlRequest.IOW('V', 91, Unsafe.SizeOf<v4l2_event_subscription>());
        VIDIOC_G_SELECTION = IoctlRequest.IOWR('V', 94, Unsafe.SizeOf<v4l2_selection>());
        VIDIOC_S_SELECTION = IoctlRequest.IOWR('V', 95, Unsafe.SizeOf<v4l2_selection>());
    }

    public uint VIDIOC_QUERYCAP { get; }

    public uint VIDIOC_ENUM_FMT { get; }

    public uint VIDIOC_G_FMT { get; }

    public uint VIDIOC_S_FMT { get; }

    public uint VIDIOC_REQBUFS { get; }

    public uint VIDIOC_QUERYBUF { get; }

    public uint VIDIOC_QBUF { get; }

    public uint VIDIOC_EXPBUF { get; }

    public uint VIDIOC_DQBUF { get; }

    public uint VIDIOC_STREAMON { get; }

    public uint VIDIOC_STREAMOFF { get; }

    public uint VIDIOC_G_PARM { get; }

    public uint VIDIOC_S_PARM { get; }

    public uint VIDIOC_G_CTRL { get; }

    public uint VIDIOC_S_CTRL { get; }

    public uint VIDIOC_QUERYCTRL { get; }

    public uint VIDIOC_TRY_FMT { get; }

    public uint VIDIOC_G_EXT_CTRLS { get; }

    public uint VIDIOC_S_EXT_CTRLS { get; }

    public uint VIDIOC_ENUM_FRAMESIZES { get; }

    public uint VIDIOC_ENUM_FRAMEINTERVALS { get; }

    public uint VIDIOC_ENCODER_CMD { get; }

    public uint VIDIOC_DQEVENT { get; }

    public uint VIDIOC_SUBSCRIBE_EVENT { get; }

    public uint VIDIOC_UNSUBSCRIBE_EVENT { get; }

    public uint VIDIOC_G_SELECTION { get; }

    public uint VIDIOC_S_SELECTION { get; }

    /// <summary>Every request with its C name, for the ABI tests.</summary>
    internal IEnumerable<(string Name, uint Value)> All() =>
    [
        (nameof(VIDIOC_QUERYCAP), VIDIOC_QUERYCAP),
        (nameof(VIDIOC_ENUM_FMT), VIDIOC_ENUM_FMT),
        (nameof(VIDIOC_G_FMT), VIDIOC_G_FMT),
        (nameof(VIDIOC_S_FMT), VIDIOC_S_FMT),
        (nameof(VIDIOC_REQBUFS), VIDIOC_REQBUFS),
        (nameof(VIDIOC_QUERYBUF), VIDIOC_QUERYBUF),
        (nameof(VIDIOC_QBUF), VIDIOC_QBUF),
        (nameof(VIDIOC_EXPBUF), VIDIOC_EXPBUF),
        (nameof(VIDIOC_DQBUF), VIDIOC_DQBUF),
        (nameof(VIDIOC_STREAMON), VIDIOC_STREAMON),
        (nameof(VIDIOC_STREAMOFF), VIDIOC_STREAMOFF),
        (nameof(VIDIOC_G_PARM), VIDIOC_G_PARM),
        (nameof(VIDIOC_S_PARM), VIDIOC_S_PARM),
        (nameof(VIDIOC_G_CTRL), VIDIOC_G_CTRL),
        (nameof(VIDIOC_S_CTRL), VIDIOC_S_CTRL),
        (nameof(VIDIOC_QUERYCTRL), VIDIOC_QUERYCTRL),
        (nameof(VIDIOC_TRY_FMT), VIDIOC_TRY_FMT),
        (nameof(VIDIOC_G_EXT_CTRLS), VIDIOC_G_EXT_CTRLS),
        (nameof(VIDIOC_S_EXT_CTRLS), VIDIOC_S_EXT_CTRLS),
        (nameof(VIDIOC_ENUM_FRAMESIZES), VIDIOC_ENUM_FRAMESIZES),
        (nameof(VIDIOC_ENUM_FRAMEINTERVALS), VIDIOC_ENUM_FRAMEINTERVALS),
        (nameof(VIDIOC_ENCODER_CMD), VIDIOC_ENCODER_CMD),
        (nameof(VIDIOC_DQEVENT), VIDIOC_DQEVENT),
        (nameof(VIDIOC_SUBSCRIBE_EVENT), VIDIOC_SUBSCRIBE_EVENT),
        (nameof(VIDIOC_UNSUBSCRIBE_EVENT), VIDIOC_UNSUBSCRIBE_EVENT),
        (nameof(VIDIOC_G_SELECTION), VIDIOC_G_SELECTION),
        (nameof(VIDIOC_S_SELECTION), VIDIOC_S_SELECTION),
    ];
}
