using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Edge.Auth;
using Edge.Rtmp.Chunks;
using Edge.Rtmp.Handshake;
using Edge.Rtmp.Messages;
using Microsoft.Extensions.Logging;

namespace Edge.Rtmp.Client;

/// <summary>
/// One RTMP connection to a server, below the publish logic: the transport, the handshake, the
/// chunk layer in both directions, and the protocol control traffic (acknowledgements, ping
/// replies, window and bandwidth messages) that keeps the server satisfied.
/// </summary>
/// <remarks>
/// <para>
/// <b>Two loops.</b> The owner writes (commands and media) through <see cref="WriteAsync"/>; a
/// read loop parses what the server sends, answers protocol control messages itself and queues
/// command messages for <see cref="ReadCommandAsync"/>. Both write through one lock, each whole
/// batch of chunks at a time, so bytes never interleave. They chunk on separate chunk streams
/// with separate <see cref="ChunkWriter"/>s, so neither touches the other's header state, and the
/// outgoing chunk size is fixed before the read loop starts.
/// </para>
/// <para>
/// <b>Deadlines.</b> Every write must complete within the write timeout, or the server is taken
/// to have stopped reading and the connection fails (<see cref="RtmpFailure.Stalled"/>). Any
/// failure, from either loop, is recorded once in <see cref="Failure"/> and cancels
/// <see cref="Closed"/>, which ends every pending read and write.
/// </para>
/// </remarks>
internal sealed class RtmpConnection : IAsyncDisposable
{
    /// <summary>The chunk size Edge sends with: large enough that a video frame is a few chunks, small enough for every server.</summary>
    public const int OutgoingChunkSize = 4096;

    private const int CommandInboxCapacity = 32;

    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly ILogger _log;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _lifetime = new();
    private readonly CancellationTokenSource _writeDeadline;
    private readonly CancellationTokenSource _writeCancellation;
    private readonly Channel<RtmpCommand> _commands = Channel.CreateBounded<RtmpCommand>(new BoundedChannelOptions(CommandInboxCapacity)
    {
        // Commands nobody waits for (onBWDone, late statuses) must not block the read loop or pile up.
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleWriter = true,
    });

    private readonly ChunkReader _chunkReader = new();
    private readonly ChunkWriter _controlChunks = new() { ChunkSize = OutgoingChunkSize };
    private readonly ArrayBufferWriter<byte> _controlOutput = new(64);
    private Task _readLoop = Task.CompletedTask;
    private long _writeTimeoutTicks; // a long, not a TimeSpan, so 32-bit ARM reads it whole
    private volatile bool _failOnErrorStatus;
    private Exception? _failure;
    private long _bytesSent;
    private long _bytesReceived;
    private long _bytesAcknowledged;
    private uint _peerWindow;
    private uint _announcedWindow;
    private int _closing;
    private int _disposed;

    private RtmpConnection(RtmpUrl url, Socket socket, Stream stream, TimeProvider time, TimeSpan writeTimeout, ILogger log)
    {
        Url = url;
        _socket = socket;
        _stream = stream;
        _log = log;
        _writeTimeoutTicks = writeTimeout.Ticks;
        _writeDeadline = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        _writeCancellation = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token, _writeDeadline.Token);
    }

    public RtmpUrl Url { get; }

    /// <summary>Bytes written to the server, handshake included.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Bytes read from the server after the handshake.</summary>
    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    /// <summary>Cancelled when the connection fails or is closed.</summary>
    public CancellationToken Closed => _lifetime.Token;

    /// <summary>Why the connection failed, or null while it works (and after a close we asked for).</summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    /// <summary>
    /// Once set, an <c>onStatus</c> of level "error" from the server fails the connection: after
    /// publishing, that is how a server tells a publisher it has been stopped.
    /// </summary>
    public bool FailOnErrorStatus
    {
        get => _failOnErrorStatus;
        set => _failOnErrorStatus = value;
    }

    private TimeSpan WriteTimeout => TimeSpan.FromTicks(Interlocked.Read(ref _writeTimeoutTicks));

    /// <summary>
    /// Connects (TCP, TLS for rtmps://), does the handshake, announces <see cref="OutgoingChunkSize"/>
    /// and starts reading. All of it must finish within <paramref name="connectTimeout"/>.
    /// </summary>
    /// <exception cref="RtmpException">The server cannot be reached, is not trusted, or is not an RTMP server.</exception>
    public static async Task<RtmpConnection> OpenAsync(RtmpUrl url, ServerCertificatePolicy? certificates, TimeSpan connectTimeout, TimeSpan writeTimeout,
        TimeProvider time, ILogger log, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(connectTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        Socket? socket = null;
        Stream? stream = null;
        try
        {
            (socket, stream) = await RtmpTransport.OpenAsync(url, certificates, linked.Token).ConfigureAwait(false);
            await RtmpHandshake.PerformAsync(stream, time, url.Redacted, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await DisposeQuietlyAsync(stream, socket).ConfigureAwait(false);
            var stage = stream is null ? "connecting" : "in the handshake";
            throw new RtmpException(RtmpFailure.Timeout,
                $"{url.Redacted}: no answer from {url.Host}:{url.Port} within {connectTimeout.TotalSeconds:0} s {stage}",
                $"timed out {stage}");
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            await DisposeQuietlyAsync(stream, socket).ConfigureAwait(false);
            var detail = e is SocketException socketError ? RtmpTransport.Describe(socketError)
                : e is EndOfStreamException ? "the server closed the connection" : e.Message;
            throw new RtmpException(RtmpFailure.Handshake, $"{url.Redacted}: the RTMP handshake failed: {detail}", $"handshake failed: {detail}", e);
        }
        catch
        {
            await DisposeQuietlyAsync(stream, socket).ConfigureAwait(false);
            throw;
        }

        var connection = new RtmpConnection(url, socket, stream, time, writeTimeout, log);
        connection._bytesSent = 1 + RtmpHandshake.PacketLength + RtmpHandshake.PacketLength;
        RtmpConnectionLog.Connected(log, url.Redacted, url.IsTls ? " over TLS" : "");
        try
        {
            // Announced before anything else goes out, so every later message may use the larger size.
            connection._controlOutput.ResetWrittenCount();
            ProtocolControlMessages.WriteSetChunkSize(connection._controlChunks, connection._controlOutput, OutgoingChunkSize);
            await connection.WriteAsync(connection._controlOutput.WrittenMemory).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        connection._readLoop = Task.Run(connection.ReadLoopAsync, CancellationToken.None);
        return connection;
    }

    /// <summary>
    /// Writes already-chunked bytes, whole, before the write deadline. One caller at a time per
    /// chunk stream set; the read loop's control replies wait for the lock.
    /// </summary>
    /// <exception cref="RtmpException">The connection failed (now, or before).</exception>
    /// <exception cref="OperationCanceledException">The connection was closed by its owner.</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> chunks)
    {
        try
        {
            await _writeLock.WaitAsync(_lifetime.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw FailureOrClosed();
        }

        try
        {
            _writeDeadline.CancelAfter(WriteTimeout);
            await _stream.WriteAsync(chunks, _writeCancellation.Token).ConfigureAwait(false);
            _writeDeadline.CancelAfter(Timeout.InfiniteTimeSpan);
            Interlocked.Add(ref _bytesSent, chunks.Length);
        }
        catch (OperationCanceledException) when (_writeDeadline.IsCancellationRequested && Volatile.Read(ref _closing) == 0)
        {
            throw Fail(new RtmpException(RtmpFailure.Stalled,
                $"{Url.Redacted}: the server stopped reading: a write did not complete within {WriteTimeout.TotalSeconds:0.#} s",
                $"the server stopped reading for {WriteTimeout.TotalSeconds:0.#} s"));
        }
        catch (OperationCanceledException)
        {
            throw FailureOrClosed();
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            throw Fail(Lost(e));
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>The next command from the server; waits at most <paramref name="timeout"/>.</summary>
    /// <exception cref="RtmpException">The connection failed or closed, or nothing came in time (<see cref="RtmpFailure.Timeout"/>).</exception>
    public async ValueTask<RtmpCommand> ReadCommandAsync(TimeSpan timeout, string waitingFor, TimeProvider time, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            if (await _commands.Reader.WaitToReadAsync(linked.Token).ConfigureAwait(false) && _commands.Reader.TryRead(out var command))
                return command;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new RtmpException(RtmpFailure.Timeout,
                $"{Url.Redacted}: the server did not answer {waitingFor} within {timeout.TotalSeconds:0} s",
                $"no answer to {waitingFor}");
        }
        // The inbox completes when the read loop ends.
        throw FailureOrClosed();
    }

    /// <summary>
    /// Gives a stuck write at most <paramref name="limit"/> more and lowers the timeout of later
    /// writes to it: used when stopping, so a server that stopped reading cannot hold up shutdown.
    /// </summary>
    public void LimitWriteTime(TimeSpan limit)
    {
        if (limit >= WriteTimeout)
            return;
        Interlocked.Exchange(ref _writeTimeoutTicks, limit.Ticks);
        try
        {
            if (_writeLock.CurrentCount == 0)
                _writeDeadline.CancelAfter(limit);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Closes the connection at once; pending reads and writes end.</summary>
    public void Abort()
    {
        Interlocked.Exchange(ref _closing, 1);
        CancelLifetime();
        _socket.Dispose(); // wakes a read or write blocked in the kernel
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        Abort();
        await _readLoop.ConfigureAwait(false); // never faults: the loop catches at its boundary
        await _stream.DisposeAsync().ConfigureAwait(false);
        _chunkReader.Dispose();
        _writeCancellation.Dispose();
        _writeDeadline.Dispose();
        _lifetime.Dispose();
        // _writeLock is not disposed: a late WaitAsync on a disposed semaphore would throw the wrong exception.
    }

    private async Task ReadLoopAsync()
    {
        var reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 1024, leaveOpen: true));
        string reason = "closed by us";
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(_lifetime.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                var before = buffer.Length;
                try
                {
                    while (_chunkReader.TryReadMessage(ref buffer, out var message))
                        await HandleAsync(message).ConfigureAwait(false);
                }
                finally
                {
                    Interlocked.Add(ref _bytesReceived, before - buffer.Length);
                    reader.AdvanceTo(buffer.Start, buffer.End);
                }

                await AcknowledgeIfDueAsync().ConfigureAwait(false);
                if (result.IsCompleted)
                {
                    reason = "the server closed the connection";
                    Fail(new RtmpException(RtmpFailure.Closed, $"{Url.Redacted}: {reason}", reason));
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Closed by us, or failed by the writer.
        }
        catch (InvalidDataException e)
        {
            reason = e.Message;
            // Most often the URL's port belongs to something that is not an RTMP server; say so.
            Fail(new RtmpException(RtmpFailure.Protocol, $"{Url.Redacted}: the server sent what RTMP does not allow ({e.Message}); check that this host and port are an RTMP server", "protocol error", e));
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            reason = e.Message;
            Fail(Lost(e));
        }
        catch (RtmpException e)
        {
            reason = e.Detail;
            Fail(e);
        }
        finally
        {
            _commands.Writer.TryComplete();
            await reader.CompleteAsync().ConfigureAwait(false);
            RtmpConnectionLog.Ended(_log, Url.Redacted, Failure is RtmpException failure ? failure.Detail : reason);
        }
    }

    private async ValueTask HandleAsync(RtmpMessage message)
    {
        var payload = message.Payload.Span;
        switch (message.Header.Type)
        {
            case RtmpMessageType.WindowAcknowledgementSize when payload.Length >= 4:
                _peerWindow = BinaryPrimitives.ReadUInt32BigEndian(payload);
                break;
            case RtmpMessageType.SetPeerBandwidth when payload.Length >= 5:
                {
                    // "The peer receiving this message SHOULD respond with a Window Acknowledgement
                    // Size message if the window size is different from the last one sent" (5.4.5).
                    var bandwidth = BinaryPrimitives.ReadUInt32BigEndian(payload);
                    var limit = (PeerBandwidthLimit)payload[4];
                    RtmpConnectionLog.ServerSettings(_log, Url.Redacted, _peerWindow, bandwidth, limit.ToString(), _chunkReader.ChunkSize);
                    if (bandwidth != _announcedWindow)
                    {
                        _announcedWindow = bandwidth;
                        await SendControlAsync(static (chunks, output, value) => ProtocolControlMessages.WriteWindowAcknowledgementSize(chunks, output, value), bandwidth).ConfigureAwait(false);
                    }
                    break;
                }
            case RtmpMessageType.UserControl when payload.Length >= 6:
                {
                    var eventType = (UserControlEventType)BinaryPrimitives.ReadUInt16BigEndian(payload);
                    if (eventType == UserControlEventType.PingRequest)
                    {
                        var timestamp = BinaryPrimitives.ReadUInt32BigEndian(payload[2..]);
                        await SendControlAsync(static (chunks, output, value) => ProtocolControlMessages.WriteUserControl(chunks, output, UserControlEventType.PingResponse, value), timestamp).ConfigureAwait(false);
                    }
                    break;
                }
            case RtmpMessageType.CommandAmf0:
            case RtmpMessageType.CommandAmf3:
                {
                    var command = RtmpCommand.Parse(payload, message.Header.Type == RtmpMessageType.CommandAmf3);
                    RtmpConnectionLog.ServerCommand(_log, Url.Redacted, StreamKeyRedaction.Scrub(command.ToString(), Url));
                    if (FailOnErrorStatus && command.Name == "onStatus" && command.Level == "error")
                    {
                        var text = StreamKeyRedaction.Scrub($"{command.Code} {command.Description}".Trim(), Url);
                        throw new RtmpException(RtmpFailure.Rejected, $"{Url.Redacted}: the server stopped the stream: {text}", $"stopped by the server: {text}");
                    }
                    _commands.Writer.TryWrite(command);
                    break;
                }
            default:
                // Set Chunk Size and Abort are applied by the chunk reader; Acknowledgements from the
                // server, audio, video and data messages need nothing from a publisher.
                break;
        }
    }

    /// <summary>Sends an Acknowledgement once the server's window of bytes has been received since the last one (5.4.3).</summary>
    private ValueTask AcknowledgeIfDueAsync()
    {
        var received = BytesReceived;
        if (_peerWindow == 0 || received - _bytesAcknowledged < _peerWindow)
            return ValueTask.CompletedTask;
        _bytesAcknowledged = received;
        return SendControlAsync(static (chunks, output, value) => ProtocolControlMessages.WriteAcknowledgement(chunks, output, value), received);
    }

    private async ValueTask SendControlAsync<T>(Action<ChunkWriter, IBufferWriter<byte>, T> write, T value)
    {
        _controlOutput.ResetWrittenCount();
        write(_controlChunks, _controlOutput, value);
        await WriteAsync(_controlOutput.WrittenMemory).ConfigureAwait(false);
    }

    private RtmpException Lost(Exception e)
    {
        var detail = e switch
        {
            SocketException socket => RtmpTransport.Describe(socket),
            IOException { InnerException: SocketException socket } => RtmpTransport.Describe(socket),
            _ => "connection lost",
        };
        return new RtmpException(RtmpFailure.Closed, $"{Url.Redacted}: {detail}", detail, e);
    }

    /// <summary>Records the first failure and closes; returns the failure that counts.</summary>
    private Exception Fail(Exception failure)
    {
        if (Volatile.Read(ref _closing) != 0)
            return FailureOrClosed();
        var first = Interlocked.CompareExchange(ref _failure, failure, null) ?? failure;
        CancelLifetime();
        return first;
    }

    private Exception FailureOrClosed() =>
        Failure ?? (Volatile.Read(ref _closing) != 0
            ? new OperationCanceledException("The RTMP connection was closed.")
            : new RtmpException(RtmpFailure.Closed, $"{Url.Redacted}: the connection closed", "connection closed"));

    private void CancelLifetime()
    {
        try
        {
            _lifetime.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static async ValueTask DisposeQuietlyAsync(Stream? stream, Socket? socket)
    {
        if (stream is not null)
            await stream.DisposeAsync().ConfigureAwait(false);
        socket?.Dispose();
    }
}
