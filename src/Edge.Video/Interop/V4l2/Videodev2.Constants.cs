namespace Edge.Video.V4l2;

/// <summary>
/// Constants from <c>linux/videodev2.h</c> and <c>linux/v4l2-controls.h</c>, with their C names.
/// Every value is the same on x86_64, arm64 and armhf (time32 and time64); V4l2AbiTests checks
/// each one against the headers of all four ABIs.
/// </summary>
internal static class Videodev2
{
    // enum v4l2_buf_type
    public const uint V4L2_BUF_TYPE_VIDEO_CAPTURE = 1;
    public const uint V4L2_BUF_TYPE_VIDEO_OUTPUT = 2;
    public const uint V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE = 9;
    public const uint V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE = 10;

    // enum v4l2_memory
    public const uint V4L2_MEMORY_MMAP = 1;
    public const uint V4L2_MEMORY_USERPTR = 2;
    public const uint V4L2_MEMORY_DMABUF = 4;

    // enum v4l2_field
    public const uint V4L2_FIELD_ANY = 0;
    public const uint V4L2_FIELD_NONE = 1;

    // struct v4l2_capability.capabilities / device_caps
    public const uint V4L2_CAP_VIDEO_CAPTURE = 0x00000001;
    public const uint V4L2_CAP_VIDEO_OUTPUT = 0x00000002;
    public const uint V4L2_CAP_VIDEO_CAPTURE_MPLANE = 0x00001000;
    public const uint V4L2_CAP_VIDEO_OUTPUT_MPLANE = 0x00002000;
    public const uint V4L2_CAP_VIDEO_M2M_MPLANE = 0x00004000;
    public const uint V4L2_CAP_VIDEO_M2M = 0x00008000;
    public const uint V4L2_CAP_STREAMING = 0x04000000;
    public const uint V4L2_CAP_DEVICE_CAPS = 0x80000000;

    // struct v4l2_fmtdesc.flags
    public const uint V4L2_FMT_FLAG_COMPRESSED = 0x0001;
    public const uint V4L2_FMT_FLAG_EMULATED = 0x0002;

    // struct v4l2_buffer.flags
    public const uint V4L2_BUF_FLAG_MAPPED = 0x00000001;
    public const uint V4L2_BUF_FLAG_QUEUED = 0x00000002;
    public const uint V4L2_BUF_FLAG_DONE = 0x00000004;
    public const uint V4L2_BUF_FLAG_KEYFRAME = 0x00000008;
    public const uint V4L2_BUF_FLAG_ERROR = 0x00000040;
    public const uint V4L2_BUF_FLAG_TIMESTAMP_MASK = 0x0000e000;
    public const uint V4L2_BUF_FLAG_TIMESTAMP_MONOTONIC = 0x00002000;
    public const uint V4L2_BUF_FLAG_TIMESTAMP_COPY = 0x00004000;
    public const uint V4L2_BUF_FLAG_LAST = 0x00100000;

    // enum v4l2_frmsizetypes / v4l2_frmivaltypes
    public const uint V4L2_FRMSIZE_TYPE_DISCRETE = 1;
    public const uint V4L2_FRMSIZE_TYPE_CONTINUOUS = 2;
    public const uint V4L2_FRMSIZE_TYPE_STEPWISE = 3;
    public const uint V4L2_FRMIVAL_TYPE_DISCRETE = 1;
    public const uint V4L2_FRMIVAL_TYPE_CONTINUOUS = 2;
    public const uint V4L2_FRMIVAL_TYPE_STEPWISE = 3;

    // struct v4l2_captureparm.capability
    public const uint V4L2_CAP_TIMEPERFRAME = 0x1000;

    // v4l2_selection targets
    public const uint V4L2_SEL_TGT_CROP = 0x0000;

    // Pixel formats (v4l2_fourcc)
    public const uint V4L2_PIX_FMT_YUV420 = 0x32315559; // YU12
    public const uint V4L2_PIX_FMT_YVU420 = 0x32315659; // YV12
    public const uint V4L2_PIX_FMT_NV12 = 0x3231564e;
    public const uint V4L2_PIX_FMT_NV21 = 0x3132564e;
    public const uint V4L2_PIX_FMT_YUYV = 0x56595559;
    public const uint V4L2_PIX_FMT_UYVY = 0x59565955;
    public const uint V4L2_PIX_FMT_MJPEG = 0x47504a4d;
    public const uint V4L2_PIX_FMT_JPEG = 0x4745504a;
    public const uint V4L2_PIX_FMT_H264 = 0x34363248;
    public const uint V4L2_PIX_FMT_FWHT = 0x54485746; // vicodec's codec, for tests

    // Control classes, ids and menus
    public const uint V4L2_CTRL_WHICH_CUR_VAL = 0;
    public const uint V4L2_CTRL_FLAG_DISABLED = 0x0001;
    public const uint V4L2_CTRL_FLAG_READ_ONLY = 0x0004;
    public const uint V4L2_CTRL_FLAG_INACTIVE = 0x0010;
    public const uint V4L2_CTRL_FLAG_NEXT_CTRL = 0x80000000;
    public const uint V4L2_CTRL_TYPE_INTEGER = 1;
    public const uint V4L2_CTRL_TYPE_BOOLEAN = 2;
    public const uint V4L2_CTRL_TYPE_MENU = 3;
    public const uint V4L2_CTRL_TYPE_BUTTON = 4;
    public const uint V4L2_CTRL_TYPE_INTEGER_MENU = 9;

    public const uint V4L2_CID_MPEG_VIDEO_B_FRAMES = 0x009909ca;
    public const uint V4L2_CID_MPEG_VIDEO_GOP_SIZE = 0x009909cb;
    public const uint V4L2_CID_MPEG_VIDEO_BITRATE_MODE = 0x009909ce;
    public const uint V4L2_CID_MPEG_VIDEO_BITRATE = 0x009909cf;
    public const int V4L2_MPEG_VIDEO_BITRATE_MODE_VBR = 0;
    public const int V4L2_MPEG_VIDEO_BITRATE_MODE_CBR = 1;
    public const uint V4L2_CID_MPEG_VIDEO_REPEAT_SEQ_HEADER = 0x009909e2;
    public const uint V4L2_CID_MPEG_VIDEO_FORCE_KEY_FRAME = 0x009909e5;
    public const uint V4L2_CID_MPEG_VIDEO_H264_I_PERIOD = 0x00990a66;
    public const uint V4L2_CID_MPEG_VIDEO_H264_LEVEL = 0x00990a67;
    public const uint V4L2_CID_MPEG_VIDEO_H264_PROFILE = 0x00990a6b;

    public const int V4L2_MPEG_VIDEO_H264_PROFILE_BASELINE = 0;
    public const int V4L2_MPEG_VIDEO_H264_PROFILE_CONSTRAINED_BASELINE = 1;
    public const int V4L2_MPEG_VIDEO_H264_PROFILE_MAIN = 2;
    public const int V4L2_MPEG_VIDEO_H264_PROFILE_HIGH = 4;

    public const int V4L2_MPEG_VIDEO_H264_LEVEL_1_0 = 0;
    public const int V4L2_MPEG_VIDEO_H264_LEVEL_3_0 = 8;
    public const int V4L2_MPEG_VIDEO_H264_LEVEL_3_1 = 9;
    public const int V4L2_MPEG_VIDEO_H264_LEVEL_3_2 = 10;
    public const int V4L2_MPEG_VIDEO_H264_LEVEL_4_0 = 11;
    public const int V4L2_MPEG_VIDEO_H264_LEVEL_4_1 = 12;
    public const int V4L2_MPEG_VIDEO_H264_LEVEL_4_2 = 13;
    public const int V4L2_MPEG_VIDEO_H264_LEVEL_5_0 = 14;
    public const int V4L2_MPEG_VIDEO_H264_LEVEL_5_1 = 15;

    // Encoder commands and events
    public const uint V4L2_ENC_CMD_START = 0;
    public const uint V4L2_ENC_CMD_STOP = 1;
    public const uint V4L2_EVENT_EOS = 2;
    public const uint V4L2_EVENT_SOURCE_CHANGE = 5; // a decoder found the stream's format (tests decode with vicodec)

    // FWHT frame header flags (vicodec's codec), for tests that check what the encoder read
    public const uint V4L2_FWHT_FL_CHROMA_FULL_HEIGHT = 0x0080;
    public const uint V4L2_FWHT_FL_CHROMA_FULL_WIDTH = 0x0100;
    public const uint V4L2_FWHT_FL_I_FRAME = 0x0400;
    public const uint V4L2_FWHT_FL_COMPONENTS_NUM_OFFSET = 16; // 3 bits: components - 1
    public const uint V4L2_FWHT_FL_PIXENC_OFFSET = 19; // 2 bits
    public const uint V4L2_FWHT_FL_PIXENC_YUV = 0x00080000;

    // EXPBUF flags (O_CLOEXEC | O_RDWR, as in fcntl.h)
    public const uint O_RDWR = 0x0002;
    public const uint O_CLOEXEC = 0x80000;
}
