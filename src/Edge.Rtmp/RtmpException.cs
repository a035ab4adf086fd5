namespace Edge.Rtmp;

/// <summary>
/// A push connection failed. The message names the server by its redacted URL (never the stream
/// key), says what happened and, where a person can fix it, how.
/// </summary>
public sealed class RtmpException : Exception
{
    public RtmpException()
        : this(RtmpFailure.Unknown, "The RTMP connection failed.", "failed")
    {
    }

    public RtmpException(string message)
        : this(RtmpFailure.Unknown, message, message)
    {
    }

    public RtmpException(string message, Exception? innerException)
        : this(RtmpFailure.Unknown, message, message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="failure">The kind of failure.</param>
    /// <param name="message">The whole story, for the log: redacted URL, what happened, the fix.</param>
    /// <param name="detail">A few words for the status page: "connection refused".</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public RtmpException(RtmpFailure failure, string message, string detail, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
        Detail = detail;
    }

    public RtmpFailure Failure { get; }

    /// <summary>A few words for health and status: "connection refused", "the server stopped reading".</summary>
    public string Detail { get; }
}
