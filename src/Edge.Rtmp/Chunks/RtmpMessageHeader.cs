using Edge.Rtmp.Messages;

namespace Edge.Rtmp.Chunks;

/// <summary>What the chunk layer carries for every message (RTMP 1.0 section 5.3.1.2).</summary>
/// <param name="Timestamp">Milliseconds; 32 bits that wrap, as the protocol's own arithmetic does.</param>
/// <param name="Length">Payload bytes.</param>
/// <param name="Type">The message type id.</param>
/// <param name="StreamId">The message stream id (0 for protocol control and NetConnection commands).</param>
internal readonly record struct RtmpMessageHeader(uint Timestamp, int Length, RtmpMessageType Type, uint StreamId);
