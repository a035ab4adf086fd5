namespace Edge.Config;

/// <summary>The pixel format asked of a V4L2 capture device.</summary>
public enum CapturePixelFormat
{
    /// <summary>The best the device offers for the size and rate: a raw format (YU12, NV12, YUYV...: Edge's encoder then controls bitrate, keyframes and on-demand IDRs), else the camera's own H.264.</summary>
    Auto,
    Yuyv,
    Mjpeg,
    Nv12,
    Yu12,
    H264,
}
