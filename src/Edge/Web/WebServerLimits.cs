namespace Edge.Web;

/// <summary>
/// Bounds and deadlines of the HTTP server, as Kestrel enforces them on every connection
/// (<see cref="Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerLimits"/>). Tighter than
/// Kestrel's defaults: the pages are small and the box has little memory to spare.
/// </summary>
internal sealed record WebServerLimits
{
    /// <summary>What the daemon uses.</summary>
    public static WebServerLimits Default { get; } = new();

    /// <summary>Most bytes of all request headers together; more is answered 431.</summary>
    public int MaxRequestHeadersBytes { get; init; } = 8 * 1024;

    /// <summary>Most bytes of the request line; more is answered 414.</summary>
    public int MaxRequestLineBytes { get; init; } = 8 * 1024;

    /// <summary>Most header lines in a request; more is answered 431.</summary>
    public int MaxHeaderCount { get; init; } = 64;

    /// <summary>Most bytes of a request body; nothing served here takes one, so this only bounds what is read past.</summary>
    public long MaxRequestBodyBytes { get; init; } = 64 * 1024;

    /// <summary>
    /// Time from the first byte of a request to the end of its headers. A total, not an idle
    /// timer, so a client that trickles a byte at a time holds a connection no longer than one
    /// that sends nothing.
    /// </summary>
    public TimeSpan RequestHeadersTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a connection may wait silently for its (first or next) request.</summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Connections served at once for the pages, the API and snapshots; any more are closed as soon as they are accepted.</summary>
    public int MaxConnections { get; init; } = 32;

    /// <summary>
    /// Connections allowed on top of <see cref="MaxConnections"/>, asked at every accept so the
    /// allowance follows what changes while the server runs (cameras added or removed by a reload).
    /// </summary>
    public Func<int> ExtraConnections { get; init; } = static () => 0;

    /// <summary>
    /// These limits with room for every live viewer the cameras admit on top of
    /// <see cref="MaxConnections"/> (a viewer holds its connection for as long as it watches), so
    /// viewers up to their limit never lock people out of the page, nor the page out of the viewers.
    /// </summary>
    /// <param name="cameras">How many cameras run now; read at every accept.</param>
    /// <param name="viewersPerCamera">Live viewers one camera admits.</param>
    public WebServerLimits WithLiveViewers(Func<int> cameras, int viewersPerCamera)
    {
        ArgumentNullException.ThrowIfNull(cameras);
        return this with { ExtraConnections = () => cameras() * viewersPerCamera };
    }

    /// <summary>The most connections held at once, as of now.</summary>
    public int ConnectionsAllowedNow() => MaxConnections + ExtraConnections();

    /// <summary>On stop, how long open requests may finish before their connections are aborted.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(1);
}
