namespace Edge.Config;

/// <summary>Where a camera's pictures come from.</summary>
public enum CameraSourceKind
{
    /// <summary>The V4L2 device when it exists, otherwise the test pattern (logged).</summary>
    Auto,

    /// <summary>A V4L2 capture device (USB webcams, HDMI bridges).</summary>
    V4l2,

    /// <summary>The Raspberry Pi camera stack through <c>rpicam-vid</c> (CSI cameras).</summary>
    Rpicam,

    /// <summary>The built-in moving test pattern with a burned-in frame number and time.</summary>
    Test,

    /// <summary>A raw H.264 file played in a loop at the camera's frame rate (no encoding).</summary>
    File,
}
