using System.Buffers;
using System.Buffers.Binary;
using Edge.Rtmp.Messages;

namespace Edge.Rtmp.Chunks;

/// <summary>
/// Reassembles incoming chunks into messages (RTMP 1.0 section 5.3): all four header formats,
/// one-, two- and three-byte basic headers, extended timestamps, interleaved chunk streams, and
/// the peer's Set Chunk Size and Abort messages, which it applies itself because they change how
/// the very next chunk is read.
/// </summary>
/// <remarks>
/// <para>
/// Parsing is resumable: a chunk is taken from the input only once all of it is there, and
/// nothing changes before that, so the caller can call again with more bytes. What a peer can
/// make it hold is bounded: messages up to <see cref="MaxMessageLength"/> bytes (a publisher
/// receives only small control and command messages) on at most <see cref="MaxChunkStreams"/>
/// chunk streams.
/// </para>
/// <para>
/// Timestamps follow nginx-rtmp where the specification is silent: a type 3 header that starts a
/// new message repeats the previous delta, which is 0 after a type 0 header; and type 3 chunks
/// carry the extended timestamp whenever the header before them did.
/// </para>
/// </remarks>
internal sealed class ChunkReader : IDisposable
{
    /// <summary>The largest message accepted from the peer.</summary>
    public const int MaxMessageLength = 1024 * 1024;

    /// <summary>The most chunk streams a peer may use on one connection.</summary>
    public const int MaxChunkStreams = 64;

    private readonly Dictionary<int, IncomingStream> _streams = [];
    private IncomingStream? _lastCompleted;

    /// <summary>The peer's current chunk size (128 until it sends Set Chunk Size).</summary>
    public int ChunkSize { get; private set; } = ChunkWriter.DefaultChunkSize;

    /// <summary>
    /// Consumes whole chunks from the start of <paramref name="buffer"/> until one completes a
    /// message. Returns false when more bytes are needed; <paramref name="buffer"/> then starts at
    /// the first chunk not yet consumed.
    /// </summary>
    /// <exception cref="InvalidDataException">The peer broke the protocol; the connection cannot continue.</exception>
    public bool TryReadMessage(ref ReadOnlySequence<byte> buffer, out RtmpMessage message)
    {
        if (_lastCompleted is { } done)
        {
            done.Received = 0; // the payload handed out last time is no longer needed
            _lastCompleted = null;
        }

        while (true)
        {
            var reader = new SequenceReader<byte>(buffer);
            if (!TryReadChunk(ref reader, out var completed))
            {
                message = default;
                return false;
            }
            buffer = buffer.Slice(reader.Position);
            if (completed is null)
                continue;

            _lastCompleted = completed;
            message = new RtmpMessage(completed.Id, completed.Header, completed.Buffer.AsMemory(0, completed.Header.Length));
            ApplyChunkLayerMessage(message);
            return true;
        }
    }

    public void Dispose()
    {
        foreach (var stream in _streams.Values)
        {
            if (stream.Buffer.Length > 0)
                ArrayPool<byte>.Shared.Return(stream.Buffer);
            stream.Buffer = [];
        }
        _streams.Clear();
    }

    private bool TryReadChunk(ref SequenceReader<byte> reader, out IncomingStream? completed)
    {
        completed = null;
        if (!reader.TryRead(out var first))
            return false;
        var format = first >> 6;
        int id = first & 0x3F;
        if (id == 0)
        {
            if (!reader.TryRead(out var low))
                return false;
            id = 64 + low;
        }
        else if (id == 1)
        {
            if (!reader.TryReadLittleEndian(out short pair))
                return false;
            id = 64 + (ushort)pair;
        }

        _streams.TryGetValue(id, out var stream);
        if (stream is null && format != 0)
            throw new InvalidDataException($"RTMP: chunk stream {id} starts with a type {format} header; a new chunk stream must start with type 0.");

        // The message header, into locals: nothing is changed until the whole chunk is here.
        uint field = 0;
        var length = stream?.Header.Length ?? 0;
        var type = stream?.Header.Type ?? 0;
        var streamId = stream?.Header.StreamId ?? 0;
        if (format <= 2)
        {
            if (!TryReadUInt24(ref reader, out field))
                return false;
        }
        if (format <= 1)
        {
            if (!TryReadUInt24(ref reader, out var declaredLength) || !reader.TryRead(out var typeByte))
                return false;
            length = (int)declaredLength;
            type = (RtmpMessageType)typeByte;
        }
        if (format == 0)
        {
            if (!reader.TryReadLittleEndian(out int littleEndianStreamId))
                return false;
            streamId = (uint)littleEndianStreamId;
        }

        var extended = format <= 2 ? field == ChunkWriter.ExtendedTimestampMarker : stream!.Extended;
        if (extended)
        {
            if (!reader.TryReadBigEndian(out int extendedField))
                return false;
            if (format <= 2)
                field = (uint)extendedField;
        }

        if (length > MaxMessageLength)
            throw new InvalidDataException($"RTMP: the server sent a {length}-byte message; at most {MaxMessageLength} bytes are accepted from a server.");

        // A header other than type 3 always starts a new message; a type 3 one does when the last message is complete.
        var starts = format != 3 || stream!.Received == 0;
        var received = starts ? 0 : stream!.Received;
        var piece = Math.Min(ChunkSize, length - received);
        if (reader.Remaining < piece)
            return false;

        // The whole chunk is here: commit.
        if (stream is null)
        {
            if (_streams.Count >= MaxChunkStreams)
                throw new InvalidDataException($"RTMP: the server used more than {MaxChunkStreams} chunk streams.");
            stream = new IncomingStream(id);
            _streams.Add(id, stream);
        }

        if (starts)
        {
            uint timestamp;
            switch (format)
            {
                case 0:
                    timestamp = field;
                    stream.Delta = 0;
                    break;
                case 1:
                case 2:
                    timestamp = stream.Header.Timestamp + field;
                    stream.Delta = field;
                    break;
                default:
                    timestamp = stream.Header.Timestamp + stream.Delta;
                    break;
            }
            if (format <= 2)
                stream.Extended = extended;
            stream.Header = new RtmpMessageHeader(timestamp, length, type, streamId);
            stream.Received = 0;
            if (stream.Buffer.Length < length)
            {
                if (stream.Buffer.Length > 0)
                    ArrayPool<byte>.Shared.Return(stream.Buffer);
                stream.Buffer = ArrayPool<byte>.Shared.Rent(length);
            }
        }

        reader.TryCopyTo(stream.Buffer.AsSpan(stream.Received, piece));
        reader.Advance(piece);
        stream.Received += piece;
        if (stream.Received == stream.Header.Length)
            completed = stream;
        return true;
    }

    /// <summary>Set Chunk Size and Abort change how the next chunks are read, so the reader applies them itself.</summary>
    private void ApplyChunkLayerMessage(RtmpMessage message)
    {
        var payload = message.Payload.Span;
        switch (message.Header.Type)
        {
            case RtmpMessageType.SetChunkSize:
                {
                    if (payload.Length < 4)
                        throw new InvalidDataException("RTMP: Set Chunk Size message shorter than 4 bytes.");
                    var size = BinaryPrimitives.ReadInt32BigEndian(payload) & 0x7FFFFFFF; // the top bit must be 0 (5.4.1)
                    if (size < 1)
                        throw new InvalidDataException("RTMP: the server set a chunk size of 0.");
                    ChunkSize = size;
                    break;
                }
            case RtmpMessageType.Abort:
                {
                    if (payload.Length < 4)
                        throw new InvalidDataException("RTMP: Abort message shorter than 4 bytes.");
                    var id = BinaryPrimitives.ReadInt32BigEndian(payload);
                    if (_streams.TryGetValue(id, out var aborted) && aborted != _lastCompleted)
                        aborted.Received = 0;
                    break;
                }
        }
    }

    private static bool TryReadUInt24(ref SequenceReader<byte> reader, out uint value)
    {
        value = 0;
        Span<byte> bytes = stackalloc byte[3];
        if (!reader.TryCopyTo(bytes))
            return false;
        reader.Advance(3);
        value = (uint)((bytes[0] << 16) | (bytes[1] << 8) | bytes[2]);
        return true;
    }

    private sealed class IncomingStream(int id)
    {
        public int Id { get; } = id;

        public RtmpMessageHeader Header { get; set; }

        public uint Delta { get; set; }

        /// <summary>Whether the last type 0-2 header used the extended timestamp, so type 3 chunks carry it too.</summary>
        public bool Extended { get; set; }

        /// <summary>Payload bytes of the current message received so far; 0 between messages.</summary>
        public int Received { get; set; }

        public byte[] Buffer { get; set; } = [];
    }
}
