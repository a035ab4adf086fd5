namespace Edge.Media.Streaming;

/// <summary>
/// Thrown by <see cref="StreamSubscriber.ReadAsync"/> once the hub has been completed (its source
/// stopped) and the reader has taken every frame still queued for it.
/// </summary>
public sealed class StreamClosedException : InvalidOperationException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public StreamClosedException()
        : base("The stream was closed.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public StreamClosedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the reason the stream closed.</summary>
    public StreamClosedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    internal static StreamClosedException ForStream(string streamName, Exception? reason) =>
        new(reason is null
                ? $"Stream '{streamName}' was closed: its source stopped."
                : $"Stream '{streamName}' was closed: {reason.Message}",
            reason);
}
