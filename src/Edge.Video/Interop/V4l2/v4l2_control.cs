using System.Runtime.InteropServices;

namespace Edge.Video.V4l2;

/// <summary>struct v4l2_control (VIDIOC_G_CTRL / VIDIOC_S_CTRL): 8 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct v4l2_control
{
    public uint id;
    public int value;
}

/// <summary>
/// struct v4l2_ext_control: 20 bytes on every ABI, because the header declares it packed — the
/// <c>value</c>/<c>value64</c>/<c>ptr</c> union sits at offset 12, not 16. Explicit offsets keep
/// that layout whatever the runtime's alignment rules. Edge sets only integer controls, so the
/// pointer member of the union is never used (and its width never matters).
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 20)]
internal struct v4l2_ext_control
{
    [FieldOffset(0)] public uint id;
    [FieldOffset(4)] public uint size;
    [FieldOffset(8)] public uint reserved2;
    [FieldOffset(12)] public int value;
    [FieldOffset(12)] public long value64;
}

/// <summary>struct v4l2_queryctrl (VIDIOC_QUERYCTRL): 68 bytes on every ABI.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct v4l2_queryctrl
{
    public uint id;
    public uint type;
    public fixed byte name[32];
    public int minimum;
    public int maximum;
    public int step;
    public int default_value;
    public uint flags;
    public fixed uint reserved[2];
}
