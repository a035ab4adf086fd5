namespace Edge.Video.Sources.V4l2;

/// <summary>
/// The camera is gone: unplugged, its driver unbound, or the node missing (ENODEV, ENXIO, ENOENT,
/// EIO, or POLLERR/POLLHUP while streaming). Everything the source held has been released by the
/// time a caller sees this after <c>Dispose</c>, so opening the device again later (with back-off)
/// is the recovery.
/// </summary>
public sealed class CameraDisconnectedException : IOException
{
    /// <summary>Creates the exception.</summary>
    public CameraDisconnectedException(string devicePath, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        DevicePath = devicePath;
    }

    /// <summary>The device that went away.</summary>
    public string DevicePath { get; }
}

/// <summary>
/// The device cannot capture what the config asks for. The message lists what it offers, so a
/// person can fix the config; retrying without a config change will not help.
/// </summary>
public sealed class CameraFormatException : IOException
{
    /// <summary>Creates the exception.</summary>
    public CameraFormatException(string devicePath, string message)
        : base(message)
    {
        DevicePath = devicePath;
    }

    /// <summary>The device that was asked.</summary>
    public string DevicePath { get; }
}

/// <summary>The device is streaming but delivered no frame within the frame timeout.</summary>
public sealed class CameraTimeoutException : IOException
{
    /// <summary>Creates the exception.</summary>
    public CameraTimeoutException(string devicePath, TimeSpan waited)
        : base(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{devicePath}: no frame for {waited.TotalSeconds:0.#} s; the camera stopped delivering (check its cable, power and lighting)"))
    {
        DevicePath = devicePath;
        Waited = waited;
    }

    /// <summary>The device that stopped.</summary>
    public string DevicePath { get; }

    /// <summary>How long it was silent.</summary>
    public TimeSpan Waited { get; }
}

/// <summary>The node exists but is not a camera Edge can stream from (not a capture device, no streaming I/O).</summary>
public sealed class CameraNotSupportedException : IOException
{
    /// <summary>Creates the exception.</summary>
    public CameraNotSupportedException(string devicePath, string message)
        : base(message)
    {
        DevicePath = devicePath;
    }

    /// <summary>The device that was opened.</summary>
    public string DevicePath { get; }
}

/// <summary>
/// The device is streaming, but nothing it delivered could be used for longer than the limit
/// (every picture truncated, empty or undecodable). The message says how many were skipped and
/// why the last one was; the owner treats it like an unplug: dispose, back off, open again.
/// </summary>
public sealed class CameraFramesUnusableException : IOException
{
    /// <summary>Creates the exception.</summary>
    public CameraFramesUnusableException(string devicePath, string message)
        : base(message)
    {
        DevicePath = devicePath;
    }

    /// <summary>The device whose pictures were unusable.</summary>
    public string DevicePath { get; }
}
