using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Edge.Status.Http;

/// <summary>
/// One client connection: reads one request head, answers it, and closes. Every phase (waiting for
/// the request, writing the answer, lingering) has a deadline that the server's heartbeat enforces.
/// </summary>
/// <remarks>
/// Reading is a resumable parse over a <see cref="PipeReader"/>; the parser bounds the head before
/// looking at it, so what a connection buffers is bounded by the head limit plus one read.
/// </remarks>
internal sealed class HttpConnection : IAsyncDisposable
{
    private const int ReadBufferSize = 4096;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly HttpServerOptions _options;
    private readonly IHttpRequestHandler _handler;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _closed = new();
    private readonly IPAddress _localAddress;
    private long _deadline;
    private int _phase;
    private int _timedOut;
    private int _disposed;

    public HttpConnection(Socket socket, HttpServerOptions options, IHttpRequestHandler handler, TimeProvider time, ILogger log)
    {
        _socket = socket;
        _options = options;
        _handler = handler;
        _time = time;
        _log = log;
        _stream = new NetworkStream(socket, ownsSocket: true);
        Client = socket.RemoteEndPoint is IPEndPoint remote ? $"{Unmapped(remote.Address)}:{remote.Port}" : "?";
        _localAddress = socket.LocalEndPoint is IPEndPoint local ? Unmapped(local.Address) : IPAddress.Loopback;
        EnterPhase(ConnectionPhase.ReadingRequest, options.RequestTimeout);
    }

    private enum ConnectionPhase
    {
        ReadingRequest,
        WritingResponse,
        Lingering,
    }

    /// <summary>The client as logged: address and port.</summary>
    public string Client { get; }

    /// <summary>Closes the connection if its current phase has run past its deadline; called by the server's heartbeat.</summary>
    public void CloseIfOverdue(long now)
    {
        if (now <= Volatile.Read(ref _deadline) || Interlocked.Exchange(ref _timedOut, 1) != 0)
            return;
        switch ((ConnectionPhase)Volatile.Read(ref _phase))
        {
            case ConnectionPhase.ReadingRequest:
                HttpLog.Dropped(_log, Client, $"no complete request within {_options.RequestTimeout.TotalSeconds:0.#} s");
                break;
            case ConnectionPhase.WritingResponse:
                HttpLog.Dropped(_log, Client, $"did not read the response within {_options.ResponseTimeout.TotalSeconds:0.#} s");
                break;
            default:
                break; // lingering past its time is the normal end for a client that keeps its side open
        }
        Close();
    }

    public async Task RunAsync(CancellationToken serverStopping)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(serverStopping, _closed.Token);
        var token = linked.Token;
        var reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: ReadBufferSize, leaveOpen: true));
        try
        {
            var (response, includeBody) = await ReadAndAnswerAsync(reader, token).ConfigureAwait(false);
            if (response is null)
                return;

            EnterPhase(ConnectionPhase.WritingResponse, _options.ResponseTimeout);
            await _stream.WriteAsync(HttpResponseWriter.Format(response, includeBody, _time.GetUtcNow()), token).ConfigureAwait(false);
            _socket.Shutdown(SocketShutdown.Send);

            EnterPhase(ConnectionPhase.Lingering, _options.LingerTimeout);
            await DiscardUntilClosedAsync(reader, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Closed by the heartbeat or by the server stopping.
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // The client went away.
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Asks the connection to close (deadline passed, server stopping).</summary>
    public void Close()
    {
        try
        {
            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
        _socket.Close();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        Close();
        await _stream.DisposeAsync().ConfigureAwait(false);
        _closed.Dispose();
    }

    /// <summary>Reads until a whole head is there (or the input is refused) and returns the answer; null when the client left without asking anything.</summary>
    private async Task<(HttpResponse? Response, bool IncludeBody)> ReadAndAnswerAsync(PipeReader reader, CancellationToken token)
    {
        while (true)
        {
            var result = await reader.ReadAsync(token).ConfigureAwait(false);
            var buffer = result.Buffer;
            var status = HttpRequestParser.TryParse(buffer, _options, out var request, out var consumed, out var rejection);
            switch (status)
            {
                case HttpParseStatus.Request:
                    reader.AdvanceTo(consumed);
                    return (Answer(request!), !request!.IsHead);
                case HttpParseStatus.Invalid:
                    reader.AdvanceTo(buffer.End);
                    HttpLog.BadRequest(_log, Client, rejection.StatusCode, rejection.Reason);
                    return (HttpResponse.Text(rejection.StatusCode, rejection.Reason), true);
                default:
                    var nothingPending = buffer.Slice(consumed).IsEmpty;
                    reader.AdvanceTo(consumed, buffer.End);
                    if (!result.IsCompleted)
                        break;
                    // The client closed its side: with half a request that is an error worth telling it, with nothing a plain goodbye.
                    if (nothingPending)
                        return (null, false);
                    HttpLog.BadRequest(_log, Client, HttpStatusCodes.BadRequest, "incomplete request");
                    return (HttpResponse.Text(HttpStatusCodes.BadRequest, "incomplete request"), true);
            }
        }
    }

    private HttpResponse Answer(HttpRequest request)
    {
        try
        {
            return _handler.Handle(request, _localAddress);
        }
        catch (Exception e)
        {
            // The boundary of a request: a bug in a page must not take the connection, let alone the daemon, down.
            HttpLog.RequestFailed(_log, request.Method, request.Path, Client, e);
            return HttpResponse.Text(HttpStatusCodes.InternalServerError, "internal error; see the edge log");
        }
    }

    /// <summary>
    /// Reads and drops what the client still sends until it closes, up to a bound; closing a socket
    /// with unread bytes would reset the connection and could destroy the response in flight.
    /// </summary>
    private async Task DiscardUntilClosedAsync(PipeReader reader, CancellationToken token)
    {
        long discarded = 0;
        while (discarded < _options.MaxLingerBytes)
        {
            var result = await reader.ReadAsync(token).ConfigureAwait(false);
            discarded += result.Buffer.Length;
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
                return;
        }
    }

    private void EnterPhase(ConnectionPhase phase, TimeSpan limit)
    {
        Volatile.Write(ref _phase, (int)phase);
        Volatile.Write(ref _deadline, _time.GetTimestamp() + (long)(limit.TotalSeconds * _time.TimestampFrequency));
    }

    private static IPAddress Unmapped(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
