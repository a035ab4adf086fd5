namespace Edge.Config;

/// <summary><c>[http]</c>: the status endpoint.</summary>
public sealed record HttpConfig
{
    public bool Enabled { get; init; } = true;

    public ListenEndpoint Listen { get; init; } = new("127.0.0.1", 8080);

    /// <summary>Browsers (and live.mp4 readers) that may watch one camera live at a time; the next is answered 503.</summary>
    public int LiveViewersPerCamera { get; init; } = 8;
}
