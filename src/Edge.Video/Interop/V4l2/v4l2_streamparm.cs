using System.Runtime.InteropServices;

namespace Edge.Video.V4l2;

/// <summary>struct v4l2_fract: 8 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct v4l2_fract
{
    public uint numerator;
    public uint denominator;
}

/// <summary>
/// struct v4l2_streamparm (VIDIOC_G_PARM / VIDIOC_S_PARM): 204 bytes on every ABI. The union
/// <c>parm</c> holds v4l2_captureparm or v4l2_outputparm (both 40 bytes, <c>timeperframe</c> at the
/// same place) or 200 raw bytes; only the members Edge uses are declared, the rest is padding.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 204)]
internal struct v4l2_streamparm
{
    [FieldOffset(0)] public uint type;

    /// <summary>parm.capture.capability / parm.output.capability.</summary>
    [FieldOffset(4)] public uint capability;

    /// <summary>parm.capture.capturemode / parm.output.outputmode.</summary>
    [FieldOffset(8)] public uint mode;

    /// <summary>parm.capture.timeperframe / parm.output.timeperframe.</summary>
    [FieldOffset(12)] public v4l2_fract timeperframe;

    /// <summary>parm.capture.extendedmode / parm.output.extendedmode.</summary>
    [FieldOffset(20)] public uint extendedmode;

    /// <summary>parm.capture.readbuffers / parm.output.writebuffers.</summary>
    [FieldOffset(24)] public uint readbuffers;
}
