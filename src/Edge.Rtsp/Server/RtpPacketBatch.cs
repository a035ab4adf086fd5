using Edge.Rtsp.Protocol.Rtp;

namespace Edge.Rtsp.Server;

/// <summary>
/// The RTP packets of one access unit, made once by its <see cref="RtpStream"/> and attached to
/// the unit: every session and the multicast group send these same bytes. Read-only once made;
/// it lives as long as the unit does and goes back to its stream's pool with it.
/// </summary>
/// <remarks>
/// Each packet has the 4-byte interleaved prefix in front, already filled for channel 0, the
/// channel nearly every client asks for: a TCP session on channel 0 writes the whole unit as it
/// is, in one write. UDP sends the packets without it.
/// </remarks>
internal sealed class RtpPacketBatch : IDisposable
{
    private readonly RtpStream _owner;

    public RtpPacketBatch(RtpStream owner)
    {
        _owner = owner;
        Packets = new RtpPacketList(RtpPacketList.InterleavedPrefixBytes);
        Packets.ReleaseBuffer();
    }

    /// <summary>The interleaved channel the prefixes are filled for.</summary>
    public const byte PrefilledChannel = 0;

    /// <summary>The packets, each after its interleaved prefix.</summary>
    public RtpPacketList Packets { get; }

    /// <summary>Sequence number of the first packet (RTSP <c>RTP-Info: seq=</c> for a client starting here).</summary>
    public ushort FirstSequenceNumber { get; private set; }

    /// <summary>The RTP timestamp of every packet (RTSP <c>RTP-Info: rtptime=</c>).</summary>
    public uint RtpTimestamp { get; private set; }

    /// <summary>Packetizes one unit into the batch; called by the stream on the producer thread.</summary>
    public void Fill(H264RtpPacketizer packetizer, ReadOnlySpan<byte> annexB, uint rtpTimestamp)
    {
        // Room for the unit and, per packet, its prefix, RTP header and FU-A header, so that the
        // buffer rarely needs to grow while the packetizer writes.
        var packets = annexB.Length / (packetizer.MaxPayloadSize - 2) + 8;
        Packets.Reset(annexB.Length + packets * (RtpPacketList.InterleavedPrefixBytes + RtpHeader.Size + 2));
        FirstSequenceNumber = packetizer.NextSequenceNumber;
        RtpTimestamp = rtpTimestamp;
        packetizer.Packetize(annexB, rtpTimestamp, Packets);
        Packets.WriteInterleavedPrefixes(PrefilledChannel);
    }

    /// <summary>Called when the unit's last holder let go: back to the stream's pool, without its buffer.</summary>
    public void Dispose()
    {
        Packets.ReleaseBuffer();
        _owner.Return(this);
    }
}
