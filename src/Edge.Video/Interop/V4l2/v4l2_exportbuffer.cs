using System.Runtime.InteropServices;

namespace Edge.Video.V4l2;

/// <summary>struct v4l2_exportbuffer (VIDIOC_EXPBUF): 64 bytes on every ABI.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct v4l2_exportbuffer
{
    public uint type;
    public uint index;
    public uint plane;
    public uint flags;
    public int fd;
    public fixed uint reserved[11];
}
