using System.Runtime.InteropServices;

namespace Edge.Video.V4l2;

/// <summary>struct v4l2_event_subscription (VIDIOC_SUBSCRIBE_EVENT): 32 bytes on every ABI.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct v4l2_event_subscription
{
    public uint type;
    public uint id;
    public uint flags;
    public fixed uint reserved[5];
}
