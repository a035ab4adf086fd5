namespace Edge.Auth;

/// <summary>
/// The trust settings of a TLS client cannot be used: the trusted CA file cannot be read or holds
/// no certificate, or the pinned fingerprint is not a SHA-256 fingerprint. A setting to fix, not a
/// server to wait for.
/// </summary>
public sealed class ServerTrustException : Exception
{
    public ServerTrustException()
        : this("The TLS trust settings cannot be used.", "TLS trust settings unusable")
    {
    }

    public ServerTrustException(string message)
        : this(message, message)
    {
    }

    public ServerTrustException(string message, Exception? innerException)
        : this(message, message, innerException)
    {
    }

    /// <param name="message">What is wrong, naming the file: for the log.</param>
    /// <param name="detail">A few words for a status line: "trusted CA file holds no certificate".</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public ServerTrustException(string message, string detail, Exception? innerException = null)
        : base(message, innerException)
    {
        Detail = detail;
    }

    /// <summary>A few words for a status line.</summary>
    public string Detail { get; }
}
