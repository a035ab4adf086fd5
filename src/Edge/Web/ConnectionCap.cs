using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Edge.Web;

/// <summary>
/// Bounds the connections the web server holds at once, counting every connection (pages,
/// snapshots, live.mp4 and upgraded WebSockets alike). Kestrel's own limit is fixed when the
/// server starts; this one asks <see cref="WebServerLimits.ConnectionsAllowedNow"/> at each
/// accept, so a reload that adds cameras raises the room for their live viewers without
/// restarting the server and dropping everyone watching.
/// </summary>
internal sealed class ConnectionCap
{
    private readonly WebServerLimits _limits;
    private readonly ILogger _log;
    private int _open;

    /// <param name="limits">Where the allowance is read.</param>
    /// <param name="log">Where a refusal is reported; the caller throttles it (see <see cref="WebLoggerFactory"/>).</param>
    public ConnectionCap(WebServerLimits limits, ILogger log)
    {
        _limits = limits;
        _log = log;
    }

    /// <summary>Connections held now.</summary>
    public int Open => Volatile.Read(ref _open);

    /// <summary>The connection middleware: closes a connection over the allowance as soon as it is accepted, before TLS or HTTP.</summary>
    public ConnectionDelegate Wrap(ConnectionDelegate next) => async connection =>
    {
        var allowed = _limits.ConnectionsAllowedNow();
        if (Interlocked.Increment(ref _open) > allowed)
        {
            Interlocked.Decrement(ref _open);
            WebServerLog.ConnectionRefused(_log, connection.RemoteEndPoint?.ToString() ?? "?", allowed, _limits.MaxConnections, allowed - _limits.MaxConnections);
            await connection.DisposeAsync().ConfigureAwait(false);
            return;
        }
        try
        {
            await next(connection).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _open);
        }
    };
}
