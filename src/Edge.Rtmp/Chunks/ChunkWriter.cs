using System.Buffers;
using System.Buffers.Binary;
using Edge.Rtmp.Messages;

namespace Edge.Rtmp.Chunks;

/// <summary>
/// Splits outgoing messages into chunks (RTMP 1.0 section 5.3), compressing each message header
/// against the previous one on the same chunk stream.
/// </summary>
/// <remarks>
/// <para>
/// A message starts with a type 0 header (all fields) on a new chunk stream, when the message
/// stream changes, or when the timestamp goes backwards; type 1 (timestamp delta, length, type)
/// when the stream is the same; type 2 (delta only) when length and type are the same too; type 3
/// (no header) when even the delta repeats that of the previous type 1 or 2 header. Type 3 never
/// directly follows a type 0 header: servers disagree on what delta that implies (nginx-rtmp
/// takes 0, FFmpeg the previous absolute timestamp). Chunks after the first of a message are
/// type 3.
/// </para>
/// <para>
/// A timestamp (or delta) of 0xFFFFFF or more goes in the 4-byte extended timestamp field, with
/// 0xFFFFFF in the 3-byte field; the extended field is repeated in every type 3 chunk of that
/// message, as Flash Media Server, nginx-rtmp and FFmpeg all expect.
/// </para>
/// <para>Not thread-safe: one writer per set of chunk streams. Allocates nothing.</para>
/// </remarks>
internal sealed class ChunkWriter
{
    /// <summary>The chunk size every connection starts with (RTMP 1.0 section 5.4.1).</summary>
    public const int DefaultChunkSize = 128;

    /// <summary>The largest chunk size the protocol allows (the top bit of Set Chunk Size must be 0; 5.4.1).</summary>
    public const int MaxChunkSize = 0x7FFFFFFF;

    /// <summary>Edge writes one-byte basic headers only, so chunk stream ids 2 to 63.</summary>
    public const int MaxChunkStreamId = 63;

    /// <summary>The largest value of the 3-byte timestamp fields; this value itself means "see the extended timestamp".</summary>
    public const uint ExtendedTimestampMarker = 0xFFFFFF;

    private readonly ChunkStreamState[] _streams = new ChunkStreamState[MaxChunkStreamId + 1];
    private int _chunkSize = DefaultChunkSize;

    /// <summary>
    /// The maximum payload bytes per chunk. Change it only together with sending Set Chunk Size
    /// to the peer, before the next message this writer chunks.
    /// </summary>
    public int ChunkSize
    {
        get => _chunkSize;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _chunkSize = value;
        }
    }

    /// <summary>Appends the chunks of one message to <paramref name="output"/>.</summary>
    /// <param name="output">Where the chunks go.</param>
    /// <param name="chunkStreamId">2 to 63; see <see cref="ChunkStreamIds"/>.</param>
    /// <param name="timestamp">Milliseconds (wrapping at 2^32).</param>
    /// <param name="type">The message type id.</param>
    /// <param name="messageStreamId">The message stream id.</param>
    /// <param name="payload">The whole message payload (at most 16 MiB - 1, the 3-byte length field).</param>
    public void Write(IBufferWriter<byte> output, int chunkStreamId, uint timestamp, RtmpMessageType type, uint messageStreamId, ReadOnlySpan<byte> payload)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkStreamId, ChunkStreamIds.ProtocolControl);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(chunkStreamId, MaxChunkStreamId);
        if (payload.Length > 0xFFFFFF)
            throw new ArgumentException($"An RTMP message holds at most 16777215 bytes; this one has {payload.Length}.", nameof(payload));

        ref var previous = ref _streams[chunkStreamId];
        var length = payload.Length;
        int format;
        uint field;
        if (!previous.Used || previous.StreamId != messageStreamId || (int)(timestamp - previous.Timestamp) < 0)
        {
            format = 0;
            field = timestamp;
        }
        else
        {
            field = timestamp - previous.Timestamp;
            if (length != previous.Length || type != previous.Type)
                format = 1;
            else if (previous.HasDelta && field == previous.Delta && field < ExtendedTimestampMarker)
                format = 3;
            else
                format = 2;
        }

        var extended = field >= ExtendedTimestampMarker;
        var threeByteField = extended ? ExtendedTimestampMarker : field;

        // First chunk: basic header, message header of the chosen format, extended timestamp, data.
        var first = Math.Min(length, _chunkSize);
        var headerLength = 1 + format switch { 0 => 11, 1 => 7, 2 => 3, _ => 0 } + (extended ? 4 : 0);
        var span = output.GetSpan(headerLength + first);
        span[0] = (byte)((format << 6) | chunkStreamId);
        var position = 1;
        if (format <= 2)
        {
            WriteUInt24(span[position..], threeByteField);
            position += 3;
        }
        if (format <= 1)
        {
            WriteUInt24(span[position..], (uint)length);
            span[position + 3] = (byte)type;
            position += 4;
        }
        if (format == 0)
        {
            // The one little-endian field of the protocol (RTMP 1.0 section 5.3.1.2.1).
            BinaryPrimitives.WriteUInt32LittleEndian(span[position..], messageStreamId);
            position += 4;
        }
        if (extended)
        {
            BinaryPrimitives.WriteUInt32BigEndian(span[position..], field);
            position += 4;
        }
        payload[..first].CopyTo(span[position..]);
        output.Advance(position + first);

        // Continuation chunks: a type 3 basic header (and the extended timestamp again), then data.
        var continuationHeader = (byte)((3 << 6) | chunkStreamId);
        for (var offset = first; offset < length; offset += _chunkSize)
        {
            var piece = Math.Min(_chunkSize, length - offset);
            var chunk = output.GetSpan(1 + (extended ? 4 : 0) + piece);
            chunk[0] = continuationHeader;
            var at = 1;
            if (extended)
            {
                BinaryPrimitives.WriteUInt32BigEndian(chunk[1..], field);
                at = 5;
            }
            payload.Slice(offset, piece).CopyTo(chunk[at..]);
            output.Advance(at + piece);
        }

        previous.Used = true;
        previous.Timestamp = timestamp;
        previous.Length = length;
        previous.Type = type;
        previous.StreamId = messageStreamId;
        if (format == 0)
        {
            previous.HasDelta = false;
        }
        else
        {
            previous.HasDelta = true;
            previous.Delta = field;
        }
    }

    private static void WriteUInt24(Span<byte> destination, uint value)
    {
        destination[0] = (byte)(value >> 16);
        destination[1] = (byte)(value >> 8);
        destination[2] = (byte)value;
    }

    private struct ChunkStreamState
    {
        public bool Used;
        public bool HasDelta;
        public uint Timestamp;
        public uint Delta;
        public int Length;
        public RtmpMessageType Type;
        public uint StreamId;
    }
}
