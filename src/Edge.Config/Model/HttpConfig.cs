namespace Edge.Config;

/// <summary><c>[http]</c>: the status endpoint.</summary>
public sealed record HttpConfig
{
    public bool Enabled { get; init; } = true;

    public ListenEndpoint Listen { get; init; } = new("127.0.0.1", 8080);
}
