using System.Runtime.InteropServices;

namespace Edge.Video.V4l2;

/// <summary>
/// struct v4l2_frmivalenum (VIDIOC_ENUM_FRAMEINTERVALS): 52 bytes on every ABI. The union holds
/// <c>discrete</c> (one v4l2_fract) or <c>stepwise</c> (min, max, step); both start at offset 20.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 52)]
internal struct v4l2_frmivalenum
{
    [FieldOffset(0)] public uint index;
    [FieldOffset(4)] public uint pixel_format;
    [FieldOffset(8)] public uint width;
    [FieldOffset(12)] public uint height;
    [FieldOffset(16)] public uint type;

    [FieldOffset(20)] public v4l2_fract discrete;

    [FieldOffset(20)] public v4l2_fract stepwise_min;
    [FieldOffset(28)] public v4l2_fract stepwise_max;
    [FieldOffset(36)] public v4l2_fract stepwise_step;
}
