namespace Edge.Snapshots;

/// <summary>
/// No snapshot can be made now, for a reason a person can act on (the camera is not streaming,
/// delivered no picture in time, or too many snapshots are being made at once). Answered 503.
/// </summary>
internal sealed class SnapshotUnavailableException : Exception
{
    public SnapshotUnavailableException()
    {
    }

    public SnapshotUnavailableException(string message)
        : base(message)
    {
    }

    public SnapshotUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Seconds a client should wait before asking again (the <c>Retry-After</c> header).</summary>
    public int RetryAfterSeconds { get; init; } = 5;
}
