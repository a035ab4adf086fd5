using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Edge.Rtsp.Protocol.Messages;
using Edge.Rtsp.Protocol.Rtcp;
using Microsoft.Extensions.Logging;

namespace Edge.Rtsp.Server;

/// <summary>
/// One TCP connection from a client: reads requests (and interleaved RTCP), answers them, and
/// carries the RTP of its TCP-interleaved sessions.
/// </summary>
/// <remarks>
/// Reading is a resumable parse over a <see cref="PipeReader"/>; the parser bounds the size of a
/// request before looking at it. Writes from the request loop and from playing sessions share one
/// lock, so responses and interleaved packets never mix bytes.
/// </remarks>
internal sealed partial class RtspConnection : IAsyncDisposable
{
    private readonly RtspServer _server;
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly RtspResponseWriter _response = new();
    /// <summary>Sessions one connection may hold at once: a client plays one camera, or a few.</summary>
    internal const int MaxSessionsPerConnection = 16;

    private readonly List<RtspSession> _sessions = [];
    private readonly CancellationTokenSource _closed = new();
    private readonly ILogger _log;
    private long _lastActivity;
    private int _nextChannel;
    private int _disposed;

    public RtspConnection(RtspServer server, Socket socket, ILogger log)
    {
        _server = server;
        _socket = socket;
        _log = log;
        _stream = new NetworkStream(socket, ownsSocket: true);
        var remote = socket.RemoteEndPoint as IPEndPoint;
        RemoteAddress = remote?.Address.IsIPv4MappedToIPv6 == true ? remote.Address.MapToIPv4() : remote?.Address ?? IPAddress.None;
        RemoteEndPoint = new IPEndPoint(RemoteAddress, remote?.Port ?? 0);
        Client = remote is null ? "?" : $"{RemoteAddress}:{remote.Port}";
        _lastActivity = server.Time.GetTimestamp();
    }

    public IPAddress RemoteAddress { get; }

    /// <summary>The client's address (IPv4 as such, not mapped into IPv6) and port.</summary>
    public IPEndPoint RemoteEndPoint { get; }

    /// <summary>The client as logged: address and port.</summary>
    public string Client { get; }

    /// <summary>True once any request was read whole.</summary>
    public bool HasSpoken { get; private set; }

    public TimeSpan IdleFor => _server.Time.GetElapsedTime(Interlocked.Read(ref _lastActivity));

    /// <summary>True while one of this connection's sessions plays over it (its traffic is its liveness).</summary>
    public bool HasPlayingSession
    {
        get
        {
            lock (_sessions)
                return _sessions.Exists(s => s.State == RtspSessionState.Playing && s.Transport.BoundToConnection);
        }
    }

    public async Task RunAsync(bool overCapacity, CancellationToken serverStopping)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(serverStopping, _closed.Token);
        var token = linked.Token;
        var reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 4096, leaveOpen: true));
        try
        {
            while (!token.IsCancellationRequested)
            {
                var result = await reader.ReadAsync(token).ConfigureAwait(false);
                var buffer = result.Buffer;
                var keepGoing = true;
                while (keepGoing)
                {
                    var status = RtspRequestParser.TryParse(buffer, _server.ParserLimits, out var request, out var frame, out var consumed, out var error);
                    switch (status)
                    {
                        case RtspParseStatus.Request:
                            Interlocked.Exchange(ref _lastActivity, _server.Time.GetTimestamp());
                            HasSpoken = true;
                            buffer = buffer.Slice(consumed);
                            if (overCapacity)
                            {
                                await RespondAsync(RtspStatusCodes.ServiceUnavailable, request!.CSeq < 0 ? 0 : request.CSeq, token).ConfigureAwait(false);
                                return;
                            }
                            await HandleAsync(request!, token).ConfigureAwait(false);
                            break;
                        case RtspParseStatus.InterleavedFrame:
                            Interlocked.Exchange(ref _lastActivity, _server.Time.GetTimestamp());
                            OnInterleavedFrame(frame);
                            buffer = buffer.Slice(consumed);
                            break;
                        case RtspParseStatus.Invalid:
                            RtspLog.BadRequest(_log, Client, error ?? "malformed");
                            await RespondAsync(RtspStatusCodes.BadRequest, 0, token).ConfigureAwait(false);
                            return;
                        default:
                            buffer = buffer.Slice(consumed);
                            keepGoing = false;
                            break;
                    }
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                    return;
            }
        }
        catch (OperationCanceledException)
        {
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

    /// <summary>Writes interleaved RTP (already framed) for a session.</summary>
    public async ValueTask WriteDataAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Writes one interleaved frame (<c>$ channel length payload</c>), e.g. an RTCP report.</summary>
    public async ValueTask WriteInterleavedAsync(byte channel, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var frame = ArrayPool<byte>.Shared.Rent(payload.Length + InterleavedFrame.HeaderLength);
        try
        {
            frame[0] = (byte)'$';
            frame[1] = channel;
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), (ushort)payload.Length);
            payload.Span.CopyTo(frame.AsSpan(InterleavedFrame.HeaderLength));
            await WriteDataAsync(frame.AsMemory(0, payload.Length + InterleavedFrame.HeaderLength), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
        }
    }

    /// <summary>Asks the connection to close (idle timeout, server stopping, a session's client stopped reading).</summary>
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
        RtspSession[] sessions;
        lock (_sessions)
            sessions = [.. _sessions];
        foreach (var session in sessions)
        {
            if (session.Transport.BoundToConnection)
                await _server.EndSessionAsync(session, "connection closed").ConfigureAwait(false);
        }
        await _stream.DisposeAsync().ConfigureAwait(false);
        _response.Dispose();
        _writeLock.Dispose();
        _closed.Dispose();
    }

    private void OnInterleavedFrame(InterleavedFrame frame)
    {
        // RTCP from a TCP client (receiver reports on the odd channel) proves it is alive.
        // Anything else, including frames on channels we never assigned, is ignored.
        if (frame.Payload.Length > 1500 || frame.Channel % 2 == 0)
            return;
        Span<byte> packet = stackalloc byte[(int)frame.Payload.Length];
        frame.Payload.CopyTo(packet);
        if (!RtcpReader.TryParse(packet, out _))
            return;
        lock (_sessions)
        {
            foreach (var session in _sessions)
                session.Touch();
        }
    }

    private async ValueTask RespondAsync(int status, int cSeq, CancellationToken cancellationToken, IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        _response.Begin(status, cSeq);
        if (headers is not null)
        {
            foreach (var (name, value) in headers)
                _response.AddHeader(name, value);
        }
        await WriteDataAsync(_response.End(), cancellationToken).ConfigureAwait(false);
    }
}
