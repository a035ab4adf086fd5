namespace Edge.Rtmp.Chunks;

/// <summary>A whole message reassembled from its chunks.</summary>
/// <param name="ChunkStreamId">The chunk stream it arrived on.</param>
/// <param name="Header">Its timestamp, length, type and message stream.</param>
/// <param name="Payload">Its bytes; valid only until the next call to <see cref="ChunkReader.TryReadMessage"/>.</param>
internal readonly record struct RtmpMessage(int ChunkStreamId, RtmpMessageHeader Header, ReadOnlyMemory<byte> Payload);
