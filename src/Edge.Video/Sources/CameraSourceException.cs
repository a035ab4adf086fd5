namespace Edge.Video.Sources;

/// <summary>
/// A camera source failed in a way a person can act on; the message says what happened and,
/// where there is one, the fix. The camera supervisor logs it and retries with back-off.
/// </summary>
public class CameraSourceException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CameraSourceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public CameraSourceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public CameraSourceException()
    {
    }
}
