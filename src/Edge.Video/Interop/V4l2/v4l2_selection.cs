using System.Runtime.InteropServices;

namespace Edge.Video.V4l2;

/// <summary>struct v4l2_rect: 16 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct v4l2_rect
{
    public int left;
    public int top;
    public uint width;
    public uint height;
}

/// <summary>struct v4l2_selection (VIDIOC_G_SELECTION / VIDIOC_S_SELECTION): 64 bytes on every ABI.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct v4l2_selection
{
    public uint type;
    public uint target;
    public uint flags;
    public v4l2_rect r;
    public fixed uint reserved[9];
}
