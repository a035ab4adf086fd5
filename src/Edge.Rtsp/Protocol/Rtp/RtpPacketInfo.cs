namespace Edge.Rtsp.Protocol.Rtp;

/// <summary>The fields of an RTP header that <see cref="RtpHeader.TryRead"/> read, and where the payload lies.</summary>
/// <param name="Marker">The M bit: for H.264, set on the last packet of an access unit.</param>
/// <param name="PayloadType">The payload type (0-127).</param>
/// <param name="SequenceNumber">The sequence number.</param>
/// <param name="Timestamp">The media timestamp (90 kHz for video).</param>
/// <param name="Ssrc">The synchronization source.</param>
/// <param name="PayloadOffset">Where the payload starts: after the fixed header, CSRC list and extension.</param>
/// <param name="PayloadLength">Payload bytes, padding excluded.</param>
public readonly record struct RtpPacketInfo(
    bool Marker,
    byte PayloadType,
    ushort SequenceNumber,
    uint Timestamp,
    uint Ssrc,
    int PayloadOffset,
    int PayloadLength)
{
    /// <summary>The payload of <paramref name="packet"/>, the packet these fields were read from.</summary>
    public ReadOnlySpan<byte> GetPayload(ReadOnlySpan<byte> packet) => packet.Slice(PayloadOffset, PayloadLength);
}
