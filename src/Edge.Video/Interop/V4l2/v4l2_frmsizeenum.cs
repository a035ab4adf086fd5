using System.Runtime.InteropServices;

namespace Edge.Video.V4l2;

/// <summary>
/// struct v4l2_frmsizeenum (VIDIOC_ENUM_FRAMESIZES): 44 bytes on every ABI. The union holds
/// <c>discrete</c> (width, height) or <c>stepwise</c> (six u32s); both start at offset 12.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 44)]
internal struct v4l2_frmsizeenum
{
    [FieldOffset(0)] public uint index;
    [FieldOffset(4)] public uint pixel_format;
    [FieldOffset(8)] public uint type;

    [FieldOffset(12)] public uint discrete_width;
    [FieldOffset(16)] public uint discrete_height;

    [FieldOffset(12)] public uint stepwise_min_width;
    [FieldOffset(16)] public uint stepwise_max_width;
    [FieldOffset(20)] public uint stepwise_step_width;
    [FieldOffset(24)] public uint stepwise_min_height;
    [FieldOffset(28)] public uint stepwise_max_height;
    [FieldOffset(32)] public uint stepwise_step_height;
}
