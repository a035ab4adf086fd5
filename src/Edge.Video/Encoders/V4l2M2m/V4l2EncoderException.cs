namespace Edge.Video.Encoders.V4l2M2m;

/// <summary>
/// The V4L2 memory-to-memory encoder cannot be used or failed: the node is missing or not an
/// encoder, it does not offer the codec or an input format Edge can feed, or it stopped answering
/// within the timeout. The message names the device and what to do.
/// </summary>
public sealed class V4l2EncoderException : IOException
{
    /// <summary>Creates the exception.</summary>
    public V4l2EncoderException(string devicePath, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        DevicePath = devicePath;
    }

    /// <summary>The encoder node.</summary>
    public string DevicePath { get; }
}
