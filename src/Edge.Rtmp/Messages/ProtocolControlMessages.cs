using System.Buffers;
using System.Buffers.Binary;
using Edge.Rtmp.Chunks;

namespace Edge.Rtmp.Messages;

/// <summary>
/// Writes the protocol control messages (RTMP 1.0 section 5.4) and User Control events (7.1.7) a
/// publisher sends: all on chunk stream 2, message stream 0, timestamp 0.
/// </summary>
internal static class ProtocolControlMessages
{
    public static void WriteSetChunkSize(ChunkWriter chunks, IBufferWriter<byte> output, int chunkSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        WriteUInt32(chunks, output, RtmpMessageType.SetChunkSize, (uint)chunkSize);
    }

    /// <summary>Acknowledgement: the total number of bytes received on the connection so far (wrapping at 2^32).</summary>
    public static void WriteAcknowledgement(ChunkWriter chunks, IBufferWriter<byte> output, long bytesReceived) =>
        WriteUInt32(chunks, output, RtmpMessageType.Acknowledgement, unchecked((uint)bytesReceived));

    public static void WriteWindowAcknowledgementSize(ChunkWriter chunks, IBufferWriter<byte> output, uint windowSize) =>
        WriteUInt32(chunks, output, RtmpMessageType.WindowAcknowledgementSize, windowSize);

    public static void WriteUserControl(ChunkWriter chunks, IBufferWriter<byte> output, UserControlEventType eventType, uint value)
    {
        Span<byte> payload = stackalloc byte[6];
        BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)eventType);
        BinaryPrimitives.WriteUInt32BigEndian(payload[2..], value);
        chunks.Write(output, ChunkStreamIds.ProtocolControl, 0, RtmpMessageType.UserControl, 0, payload);
    }

    private static void WriteUInt32(ChunkWriter chunks, IBufferWriter<byte> output, RtmpMessageType type, uint value)
    {
        Span<byte> payload = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(payload, value);
        chunks.Write(output, ChunkStreamIds.ProtocolControl, 0, type, 0, payload);
    }
}
