using System.Runtime.InteropServices;

namespace Edge.Video.V4l2;

/// <summary>struct v4l2_encoder_cmd (VIDIOC_ENCODER_CMD): 40 bytes on every ABI.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct v4l2_encoder_cmd
{
    public uint cmd;
    public uint flags;
    public fixed uint raw_data[8];
}
