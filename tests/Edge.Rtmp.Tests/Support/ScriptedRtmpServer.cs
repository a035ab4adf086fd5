using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Edge.Rtmp.Amf;
using Edge.Rtmp.Chunks;
using Edge.Rtmp.Messages;

namespace Edge.Rtmp.Tests.Support;

/// <summary>
/// A scripted RTMP server for what no real ingest can be made to do on cue: ping now, shrink the
/// window, refuse with a chosen code, stop reading. The test drives it message by message, and
/// it checks the client's side of the handshake strictly.
/// </summary>
internal sealed class ScriptedRtmpServer : IDisposable
{
    private readonly Socket _listener;
    private readonly int _receiveBuffer;

    private ScriptedRtmpServer(int receiveBuffer)
    {
        _receiveBuffer = receiveBuffer;
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        if (receiveBuffer > 0)
            _listener.ReceiveBufferSize = receiveBuffer; // inherited by accepted sockets, and sets the window before the handshake
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(4);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    /// <param name="receiveBuffer">A small socket receive buffer makes "stopped reading" show quickly (0: the default).</param>
    public static ScriptedRtmpServer Start(int receiveBuffer = 0) => new(receiveBuffer);

    public string Url(string path) => $"rtmp://127.0.0.1:{Port}/{path}";

    /// <summary>
    /// Accepts the next client and does the server side of the handshake. The default bound only
    /// ends a test whose client never comes; a loaded machine can take seconds to connect.
    /// </summary>
    public async Task<ScriptedRtmpSession> AcceptAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        var socket = await _listener.AcceptAsync(cancel.Token);
        if (_receiveBuffer > 0)
            socket.ReceiveBufferSize = _receiveBuffer;
        var session = new ScriptedRtmpSession(socket);
        await session.HandshakeAsync(cancel.Token);
        return session;
    }

    /// <summary>Accepts the next client without any handshake, for tests that answer it with something else.</summary>
    public async Task<Socket> AcceptRawAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        return await _listener.AcceptAsync(cancel.Token);
    }

    public void Dispose() => _listener.Dispose();
}

internal sealed class ScriptedRtmpSession : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _input;
    private readonly ChunkReader _chunks = new();
    private readonly ChunkWriter _writer = new();
    private readonly ArrayBufferWriter<byte> _output = new();
    private readonly ArrayBufferWriter<byte> _payload = new();

    public ScriptedRtmpSession(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _input = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
    }

    /// <summary>Every message the client sent, in order.</summary>
    public List<(RtmpMessageHeader Header, byte[] Payload)> Received { get; } = [];

    public byte[] C1 { get; } = new byte[1536];

    public byte[] S1 { get; } = new byte[1536];

    public byte[] C2 { get; } = new byte[1536];

    public async Task HandshakeAsync(CancellationToken cancellationToken)
    {
        var c0 = new byte[1];
        await _stream.ReadExactlyAsync(c0, cancellationToken);
        Assert.Equal(3, c0[0]);
        await _stream.ReadExactlyAsync(C1, cancellationToken);
        BinaryPrimitives.WriteUInt32BigEndian(S1, 1234);
        RandomNumberGenerator.Fill(S1.AsSpan(8));
        await _stream.WriteAsync(new byte[] { 3 }, cancellationToken);
        await _stream.WriteAsync(S1, cancellationToken);
        await _stream.WriteAsync(C1, cancellationToken); // S2 echoes C1
        await _stream.ReadExactlyAsync(C2, cancellationToken);
    }

    /// <summary>The next message from the client.</summary>
    public async Task<(RtmpMessageHeader Header, byte[] Payload)> ReadMessageAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var result = await _input.ReadAsync(cancel.Token);
            var buffer = result.Buffer;
            if (_chunks.TryReadMessage(ref buffer, out var message))
            {
                var copy = (message.Header, message.Payload.ToArray());
                _input.AdvanceTo(buffer.Start, buffer.Start);
                Received.Add(copy);
                return copy;
            }
            _input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
                throw new EndOfStreamException("the client closed the connection");
        }
    }

    /// <summary>Reads messages until a command called <paramref name="name"/>, and returns it.</summary>
    public async Task<RtmpCommand> ReadCommandAsync(string name, TimeSpan? timeout = null)
    {
        while (true)
        {
            var (header, payload) = await ReadMessageAsync(timeout);
            if (header.Type != RtmpMessageType.CommandAmf0)
                continue;
            var command = RtmpCommand.Parse(payload, amf3Envelope: false);
            if (command.Name == name)
                return command;
        }
    }

    /// <summary>Answers connect, createStream and publish as a well-behaved server does; returns the connect and publish commands.</summary>
    public async Task<(RtmpCommand Connect, RtmpCommand Publish)> AcceptPublishAsync()
    {
        var connect = await ReadCommandAsync("connect");
        await SendCommandAsync(0, amf =>
        {
            amf.WriteString("_result");
            amf.WriteNumber(connect.TransactionId);
            amf.WriteObjectStart();
            amf.WriteProperty("fmsVer", "FMS/3,0,1,123");
            amf.WriteObjectEnd();
            amf.WriteObjectStart();
            amf.WriteProperty("level", "status");
            amf.WriteProperty("code", "NetConnection.Connect.Success");
            amf.WriteObjectEnd();
        });
        var create = await ReadCommandAsync("createStream");
        await SendCommandAsync(0, amf =>
        {
            amf.WriteString("_result");
            amf.WriteNumber(create.TransactionId);
            amf.WriteNull();
            amf.WriteNumber(1);
        });
        var publish = await ReadCommandAsync("publish");
        await SendStatusAsync(1, "status", "NetStream.Publish.Start", "Start publishing");
        return (connect, publish);
    }

    public Task SendStatusAsync(uint streamId, string level, string code, string description) =>
        SendCommandAsync(streamId, amf =>
        {
            amf.WriteString("onStatus");
            amf.WriteNumber(0);
            amf.WriteNull();
            amf.WriteObjectStart();
            amf.WriteProperty("level", level);
            amf.WriteProperty("code", code);
            amf.WriteProperty("description", description);
            amf.WriteObjectEnd();
        });

    public async Task SendCommandAsync(uint streamId, Action<Amf0Writer> write)
    {
        _payload.ResetWrittenCount();
        write(new Amf0Writer(_payload));
        await SendAsync(3, RtmpMessageType.CommandAmf0, streamId, _payload.WrittenMemory);
    }

    public Task SendSetChunkSizeAsync(int size)
    {
        var task = SendUInt32Async(RtmpMessageType.SetChunkSize, (uint)size);
        _writer.ChunkSize = size;
        return task;
    }

    public Task SendWindowAcknowledgementSizeAsync(uint size) => SendUInt32Async(RtmpMessageType.WindowAcknowledgementSize, size);

    public Task SendSetPeerBandwidthAsync(uint size, PeerBandwidthLimit limit)
    {
        var payload = new byte[5];
        BinaryPrimitives.WriteUInt32BigEndian(payload, size);
        payload[4] = (byte)limit;
        return SendAsync(2, RtmpMessageType.SetPeerBandwidth, 0, payload);
    }

    public Task SendPingRequestAsync(uint timestamp)
    {
        var payload = new byte[6];
        BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)UserControlEventType.PingRequest);
        BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(2), timestamp);
        return SendAsync(2, RtmpMessageType.UserControl, 0, payload);
    }

    public async Task SendAsync(int chunkStreamId, RtmpMessageType type, uint streamId, ReadOnlyMemory<byte> payload)
    {
        _output.ResetWrittenCount();
        _writer.Write(_output, chunkStreamId, 0, type, streamId, payload.Span);
        await _stream.WriteAsync(_output.WrittenMemory);
    }

    /// <summary>Writes bytes as they are, outside any chunk stream: for servers that speak nonsense.</summary>
    public async Task SendRawAsync(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            await _stream.WriteAsync(bytes);
        }
        catch (IOException)
        {
            // The client saw enough and hung up before reading it all.
        }
    }

    /// <summary>Reads and throws away everything the client sends, without parsing or allocating, until it closes.</summary>
    public async Task DrainAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (await _socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None) > 0)
            {
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    /// <summary>Closes the connection from the server's side.</summary>
    public void Close() => _socket.Close();

    public async ValueTask DisposeAsync()
    {
        await _input.CompleteAsync();
        await _stream.DisposeAsync();
        _chunks.Dispose();
        _socket.Dispose();
    }

    private Task SendUInt32Async(RtmpMessageType type, uint value)
    {
        var payload = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(payload, value);
        return SendAsync(2, type, 0, payload);
    }
}
