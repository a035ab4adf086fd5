namespace Edge.Config;

/// <summary>The pixel format asked of a V4L2 capture device.</summary>
public enum CapturePixelFormat
{
    /// <summary>The best the device offers for the size and rate: H.264, then NV12/YU12, then YUYV, then MJPEG.</summary>
    Auto,
    Yuyv,
    Mjpeg,
    Nv12,
    Yu12,
    H264,
}
