using System.Collections.Concurrent;
using System.Security.Cryptography;
using Edge.Media;
using Edge.Media.Streaming;
using Edge.Rtsp.Protocol.Rtp;

namespace Edge.Rtsp.Server;

/// <summary>
/// One camera's RTP stream as the server sends it: one SSRC, one sequence of packets, made once
/// per access unit on the hub's producer thread and shared read-only by every unicast session
/// and the multicast group, as gortsplib's server stream does. A session only writes them.
/// </summary>
/// <remarks>
/// <para>
/// Sequence numbers and timestamps belong to the stream, not to a session: a client starting
/// later is told where it starts by <c>RTP-Info</c> (the first packet of its first unit), and a
/// client that falls behind and loses frames sees the gap in sequence numbers that RTP is made
/// to show. Sender reports carry the stream's SSRC and counts.
/// </para>
/// <para>
/// It belongs to one hub and one server: registered as the hub's processor while the server
/// serves that hub, taken out when the server stops or the hub ends.
/// </para>
/// </remarks>
internal sealed class RtpStream : IAccessUnitProcessor, IDisposable
{
    private const int MaxPooledBatches = 64;

    private readonly H264RtpPacketizer _packetizer;
    private readonly uint _rtpOffset;
    private readonly ConcurrentQueue<RtpPacketBatch> _pool = new();
    private readonly IDisposable _registration;
    private int _pooled;

    public RtpStream(StreamHub hub, int payloadSize)
    {
        Hub = hub;
        _packetizer = new H264RtpPacketizer(BitConverter.ToUInt32(RandomNumberGenerator.GetBytes(4)), (ushort)RandomNumberGenerator.GetInt32(65536), payloadSize);
        _rtpOffset = BitConverter.ToUInt32(RandomNumberGenerator.GetBytes(4));
        _registration = hub.AddProcessor(this);
    }

    public StreamHub Hub { get; }

    /// <summary>The stream's synchronization source.</summary>
    public uint Ssrc => _packetizer.Ssrc;

    /// <summary>Sequence number the next packet made will carry.</summary>
    public ushort NextSequenceNumber => _packetizer.NextSequenceNumber;

    /// <summary>Packets made so far (the sender report's packet count).</summary>
    public uint PacketCount => (uint)_packetizer.PacketCount;

    /// <summary>Payload bytes made so far (the sender report's octet count).</summary>
    public uint OctetCount => (uint)_packetizer.OctetCount;

    /// <summary>The RTP timestamp of a 90 kHz media time.</summary>
    public uint RtpTimeOf(long pts90kHz) => unchecked((uint)pts90kHz + _rtpOffset);

    /// <summary>The packets made for <paramref name="unit"/>, or null when it was published before this stream saw it.</summary>
    public RtpPacketBatch? PacketsOf(AccessUnit unit) => unit.GetAttachment(this) as RtpPacketBatch;

    /// <inheritdoc />
    public void Process(AccessUnit unit)
    {
        if (!_pool.TryDequeue(out var batch))
            batch = new RtpPacketBatch(this);
        else
            Interlocked.Decrement(ref _pooled);
        batch.Fill(_packetizer, unit.Data.Span, RtpTimeOf(unit.Pts90kHz));
        if (!unit.Attach(this, batch))
            batch.Dispose();
    }

    /// <summary>Takes the stream out of its hub; units already packetized keep their packets.</summary>
    public void Dispose() => _registration.Dispose();

    internal void Return(RtpPacketBatch batch)
    {
        if (Interlocked.Increment(ref _pooled) <= MaxPooledBatches)
            _pool.Enqueue(batch);
        else
            Interlocked.Decrement(ref _pooled);
    }
}
