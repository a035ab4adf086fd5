using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Edge.Config;
using Edge.Linux.Net;
using Edge.Media.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Edge.Status.Http;

/// <summary>
/// A small HTTP/1.1 server on a TCP socket: accepts connections up to a cap, serves one request on
/// each through an <see cref="IHttpRequestHandler"/>, and runs the one heartbeat that enforces every
/// connection's deadline.
/// </summary>
/// <remarks>
/// Shaped like the RTSP server (listener, connection, request parser) but sharing no code with it:
/// the two protocols evolve apart. Shutdown has two phases: every connection is asked to close,
/// then whatever is left after the grace period is abandoned with the listener.
/// </remarks>
internal sealed class HttpServer : IAsyncDisposable
{
    private static readonly TimeSpan RefusalLogInterval = TimeSpan.FromMinutes(1);

    private readonly ListenEndpoint _listen;
    private readonly HttpServerOptions _options;
    private readonly IHttpRequestHandler _handler;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly ConcurrentDictionary<HttpConnection, Task> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly LogThrottle _refusalLog;
    private Socket? _listener;
    private Task _acceptLoop = Task.CompletedTask;
    private Task _heartbeatLoop = Task.CompletedTask;
    private int _stopped;

    public HttpServer(ListenEndpoint listen, HttpServerOptions options, IHttpRequestHandler handler, TimeProvider time, ILogger log)
    {
        _listen = listen;
        _options = options;
        _handler = handler;
        _time = time;
        _log = log;
        _refusalLog = new LogThrottle(RefusalLogInterval, time);
    }

    /// <summary>The endpoint actually bound, once started.</summary>
    public IPEndPoint? LocalEndPoint => _listener?.LocalEndPoint as IPEndPoint;

    /// <summary>Connections being served now.</summary>
    public int ConnectionCount => _connections.Count;

    /// <summary>
    /// Binds the listen address and starts serving. False, with the socket error, when the port is
    /// taken or the address is not on this machine (yet); the caller may try again later.
    /// </summary>
    public bool TryStart(out SocketError error)
    {
        error = SocketError.Success;
        if (_listener is not null)
            return true;
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _stopped) != 0, this);

        var address = _listen.ToIPAddress();
        var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (address.AddressFamily == AddressFamily.InterNetworkV6)
                listener.DualMode = true;
            ListeningSocket.AllowRebindOverTimeWait(listener);
            listener.Bind(new IPEndPoint(address, _listen.Port));
            listener.Listen(_options.MaxConnections);
        }
        catch (SocketException e)
        {
            listener.Dispose();
            error = e.SocketErrorCode;
            return false;
        }

        _listener = listener;
        _acceptLoop = Task.Run(() => AcceptAsync(listener, _stopping.Token));
        _heartbeatLoop = Task.Run(() => HeartbeatAsync(_stopping.Token));
        return true;
    }

    /// <summary>Stops: closes the listener and every connection, and waits for them up to <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
            return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        foreach (var connection in _connections.Keys)
            connection.Close();
        var all = Task.WhenAll(_connections.Values.Append(_acceptLoop).Append(_heartbeatLoop));
        await Task.WhenAny(all, Task.Delay(grace, _time, CancellationToken.None)).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task AcceptAsync(Socket listener, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // A client that gave up between SYN and accept is nothing; out of descriptors or
                // memory is, and must not turn this loop into a busy spin.
                if (e.SocketErrorCode is not (SocketError.ConnectionAborted or SocketError.ConnectionReset))
                    await PauseAsync(stopping).ConfigureAwait(false);
                continue;
            }

            if (_connections.Count >= _options.MaxConnections)
            {
                Refuse(socket);
                continue;
            }

            try
            {
                socket.NoDelay = true;
                var connection = new HttpConnection(socket, _options, _handler, _time, _log);
                // Registered before it runs, so a connection that ends at once is still removed, never left behind.
                _connections[connection] = Task.CompletedTask;
                var serving = Task.Run(() => ServeAsync(connection, stopping), CancellationToken.None);
                _connections.TryUpdate(connection, serving, Task.CompletedTask);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Reset before we could even look at it; the loop must go on for everyone else.
                socket.Dispose();
            }
        }
    }

    private async Task ServeAsync(HttpConnection connection, CancellationToken stopping)
    {
        try
        {
            await connection.RunAsync(stopping).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The boundary of a connection: nothing one client does may take the server down.
            HttpLog.ConnectionFailed(_log, connection.Client, e);
        }
        finally
        {
            _connections.TryRemove(connection, out _);
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Answers 503 to a connection over the cap and closes it, without giving it a task: non-blocking
    /// calls only, so a flood of connections costs the accept loop almost nothing.
    /// </summary>
    private void Refuse(Socket socket)
    {
        var client = "?";
        var scratch = ArrayPool<byte>.Shared.Rent(_options.MaxRequestHeadBytes);
        try
        {
            client = socket.RemoteEndPoint?.ToString() ?? "?";
            socket.Blocking = false;
            // Read what already arrived, so closing does not reset the connection before the client reads the 503.
            socket.Receive(scratch, SocketFlags.None, out _);
            var response = HttpResponse.Text(HttpStatusCodes.ServiceUnavailable, $"too many connections (limit {_options.MaxConnections}); try again shortly");
            socket.Send(HttpResponseWriter.Format(response, includeBody: true, _time.GetUtcNow()), SocketFlags.None, out _);
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Gone already; nothing to tell it.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
            socket.Dispose();
        }

        if (_refusalLog.ShouldLog(""))
            HttpLog.TooManyConnections(_log, client, _options.MaxConnections);
    }

    /// <summary>One timer for every connection's deadline.</summary>
    private async Task HeartbeatAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(_options.Heartbeat, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                var now = _time.GetTimestamp();
                foreach (var connection in _connections.Keys)
                    connection.CloseIfOverdue(now);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task PauseAsync(CancellationToken stopping)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), _time, stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
