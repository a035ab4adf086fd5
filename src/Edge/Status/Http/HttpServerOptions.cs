namespace Edge.Status.Http;

/// <summary>Bounds and deadlines of the status server, enforced on every connection.</summary>
internal sealed record HttpServerOptions
{
    /// <summary>What the daemon uses.</summary>
    public static HttpServerOptions Default { get; } = new();

    /// <summary>Most bytes of request line plus headers (blank line included); more is answered 431 (or 414 for a request line alone).</summary>
    public int MaxRequestHeadBytes { get; init; } = 8 * 1024;

    /// <summary>Most header lines in a request; more is answered 431.</summary>
    public int MaxHeaderCount { get; init; } = 64;

    /// <summary>
    /// Time from connecting to a complete request line and headers. A total, not an idle timer, so
    /// a client that trickles a byte at a time cannot hold a connection any longer than one that
    /// sends nothing.
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Time allowed to write a response to a client that does not read it.</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// After the response, how long the server reads (and discards) what the client still sends
    /// before closing, so that closing with unread bytes does not reset the connection and destroy
    /// the response before the client has read it (a body nobody asked for, a pipelined request).
    /// </summary>
    public TimeSpan LingerTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Most bytes discarded while lingering.</summary>
    public int MaxLingerBytes { get; init; } = 64 * 1024;

    /// <summary>Connections served at once; more are answered 503 and closed at once.</summary>
    public int MaxConnections { get; init; } = 32;

    /// <summary>How often the one timer checks every connection's deadline.</summary>
    public TimeSpan Heartbeat { get; init; } = TimeSpan.FromSeconds(1);
}
