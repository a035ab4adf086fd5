using System.Buffers.Binary;
using Edge.Media.H264;

namespace Edge.Rtsp.Protocol.Rtp;

/// <summary>
/// Turns H.264 access units (Annex B) into RTP packets in non-interleaved mode
/// (RFC 6184 <c>packetization-mode=1</c>): parameter sets and other small NAL units before the
/// first slice travel together in one STAP-A, NAL units that fit travel alone, larger ones are split
/// into FU-A fragments. The last packet of every access unit carries the marker bit.
/// </summary>
/// <remarks>
/// One packetizer per RTP stream: it owns the stream's SSRC, sequence numbers and the RTCP sender
/// counters. Not thread-safe. Allocates nothing per access unit once its NAL table has grown to the
/// most NAL units seen in one unit.
/// </remarks>
public sealed class H264RtpPacketizer
{
    /// <summary>Default largest RTP payload: fits a 1500-byte Ethernet MTU with IP, UDP and RTP headers to spare.</summary>
    public const int DefaultMaxPayloadSize = 1400;

    /// <summary>Smallest payload size accepted: enough for a FU-A fragment to carry data.</summary>
    public const int MinPayloadSize = 16;

    /// <summary>Largest payload size accepted: a packet must fit the 16-bit length of an interleaved TCP frame.</summary>
    public const int MaxPayloadSizeLimit = ushort.MaxValue - RtpHeader.Size;

    private const int FuAHeaderBytes = 2;
    private const int StapAHeaderBytes = 1;
    private const int StapASizeBytes = 2;
    private const byte FuStartBit = 0x80;
    private const byte FuEndBit = 0x40;

    private NalRange[] _nals = new NalRange[16];
    private int _nalCount;

    /// <summary>Creates a packetizer for one RTP stream.</summary>
    /// <param name="ssrc">The stream's synchronization source.</param>
    /// <param name="initialSequenceNumber">Sequence number of the first packet (random, RFC 3550 5.1).</param>
    /// <param name="maxPayloadSize">Most RTP payload bytes per packet, between <see cref="MinPayloadSize"/> and <see cref="MaxPayloadSizeLimit"/>.</param>
    /// <param name="payloadType">The dynamic payload type announced in the SDP (96-127).</param>
    public H264RtpPacketizer(uint ssrc, ushort initialSequenceNumber, int maxPayloadSize = DefaultMaxPayloadSize, byte payloadType = 96)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPayloadSize, MinPayloadSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxPayloadSize, MaxPayloadSizeLimit);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadType, (byte)127);
        Ssrc = ssrc;
        NextSequenceNumber = initialSequenceNumber;
        MaxPayloadSize = maxPayloadSize;
        PayloadType = payloadType;
    }

    /// <summary>The stream's synchronization source.</summary>
    public uint Ssrc { get; }

    /// <summary>Sequence number the next packet will carry (RTSP <c>RTP-Info: seq=</c>).</summary>
    public ushort NextSequenceNumber { get; private set; }

    /// <summary>Most RTP payload bytes per packet.</summary>
    public int MaxPayloadSize { get; }

    /// <summary>The RTP payload type.</summary>
    public byte PayloadType { get; }

    /// <summary>Packets produced so far (RTCP sender report <c>sender's packet count</c>).</summary>
    public long PacketCount { get; private set; }

    /// <summary>Payload bytes produced so far, headers excluded (RTCP sender report <c>sender's octet count</c>).</summary>
    public long OctetCount { get; private set; }

    /// <summary>
    /// Appends the RTP packets of one access unit to <paramref name="output"/> (without clearing it).
    /// Access unit delimiters and filler data are dropped, as are NAL unit types H.264 leaves
    /// unspecified (0, 24-31), which RFC 6184 reuses for its own packet types.
    /// </summary>
    /// <param name="annexB">The access unit: NAL units after Annex B start codes.</param>
    /// <param name="rtpTimestamp">The 90 kHz RTP timestamp of every packet of the unit.</param>
    /// <param name="output">Where the packets go.</param>
    public void Packetize(ReadOnlySpan<byte> annexB, uint rtpTimestamp, RtpPacketList output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var firstSlice = CollectNalUnits(annexB);

        var index = 0;
        while (index < _nalCount)
        {
            if (index < firstSlice)
            {
                var end = EndOfAggregate(index, firstSlice);
                if (end - index >= 2)
                {
                    WriteStapA(annexB, index, end, rtpTimestamp, output);
                    index = end;
                    continue;
                }
            }

            var nal = _nals[index].Of(annexB);
            var last = index == _nalCount - 1;
            if (nal.Length <= MaxPayloadSize)
                WriteSingle(nal, last, rtpTimestamp, output);
            else
                WriteFragments(nal, last, rtpTimestamp, output);
            index++;
        }
    }

    /// <summary>Fills the NAL table with the units to send and returns the index of the first slice.</summary>
    private int CollectNalUnits(ReadOnlySpan<byte> annexB)
    {
        _nalCount = 0;
        var firstSlice = -1;
        var enumerator = AnnexB.EnumerateNalUnits(annexB);
        while (enumerator.MoveNext())
        {
            var header = new NalUnitHeader(enumerator.Current[0]);
            var type = header.Type;
            if (type is NalUnitType.Unspecified or NalUnitType.AccessUnitDelimiter or NalUnitType.FillerData or >= NalUnitType.StapA)
                continue;

            if (_nalCount == _nals.Length)
                Array.Resize(ref _nals, _nals.Length * 2);
            if (firstSlice < 0 && header.IsVcl)
                firstSlice = _nalCount;
            _nals[_nalCount++] = new NalRange(enumerator.CurrentOffset, enumerator.CurrentLength);
        }

        return firstSlice < 0 ? _nalCount : firstSlice;
    }

    /// <summary>The end (exclusive) of the run of NAL units from <paramref name="start"/> that fits one STAP-A.</summary>
    private int EndOfAggregate(int start, int limit)
    {
        var size = StapAHeaderBytes;
        var end = start;
        while (end < limit && size + StapASizeBytes + _nals[end].Length <= MaxPayloadSize)
        {
            size += StapASizeBytes + _nals[end].Length;
            end++;
        }

        return end;
    }

    private void WriteSingle(ReadOnlySpan<byte> nal, bool marker, uint timestamp, RtpPacketList output)
    {
        var packet = output.BeginPacket(RtpHeader.Size + nal.Length);
        WriteHeader(packet, marker, timestamp);
        nal.CopyTo(packet[RtpHeader.Size..]);
        Commit(output, nal.Length);
    }

    private void WriteStapA(ReadOnlySpan<byte> annexB, int start, int end, uint timestamp, RtpPacketList output)
    {
        var payloadLength = StapAHeaderBytes;
        var forbidden = 0;
        var nri = 0;
        for (var i = start; i < end; i++)
        {
            var header = annexB[_nals[i].Offset];
            payloadLength += StapASizeBytes + _nals[i].Length;
            forbidden |= header & 0x80;
            nri = Math.Max(nri, header & 0x60);
        }

        var packet = output.BeginPacket(RtpHeader.Size + payloadLength);
        WriteHeader(packet, end == _nalCount, timestamp);
        var payload = packet.Slice(RtpHeader.Size, payloadLength);
        payload[0] = (byte)(forbidden | nri | (int)NalUnitType.StapA);
        var position = StapAHeaderBytes;
        for (var i = start; i < end; i++)
        {
            var nal = _nals[i].Of(annexB);
            BinaryPrimitives.WriteUInt16BigEndian(payload[position..], (ushort)nal.Length);
            nal.CopyTo(payload[(position + StapASizeBytes)..]);
            position += StapASizeBytes + nal.Length;
        }

        Commit(output, payloadLength);
    }

    private void WriteFragments(ReadOnlySpan<byte> nal, bool lastNal, uint timestamp, RtpPacketList output)
    {
        // The NAL header is not sent as such: its F and NRI bits go into the FU indicator, its type
        // into every FU header (RFC 6184 5.8).
        var indicator = (byte)((nal[0] & 0xE0) | (int)NalUnitType.FuA);
        var type = (byte)(nal[0] & 0x1F);
        var data = nal[1..];
        var chunk = MaxPayloadSize - FuAHeaderBytes;
        var offset = 0;
        while (offset < data.Length)
        {
            var length = Math.Min(chunk, data.Length - offset);
            var first = offset == 0;
            var final = offset + length == data.Length;
            var packet = output.BeginPacket(RtpHeader.Size + FuAHeaderBytes + length);
            WriteHeader(packet, lastNal && final, timestamp);
            packet[RtpHeader.Size] = indicator;
            packet[RtpHeader.Size + 1] = (byte)((first ? FuStartBit : 0) | (final ? FuEndBit : 0) | type);
            data.Slice(offset, length).CopyTo(packet[(RtpHeader.Size + FuAHeaderBytes)..]);
            Commit(output, FuAHeaderBytes + length);
            offset += length;
        }
    }

    private void WriteHeader(Span<byte> packet, bool marker, uint timestamp) =>
        RtpHeader.Write(packet, marker, PayloadType, NextSequenceNumber, timestamp, Ssrc);

    private void Commit(RtpPacketList output, int payloadLength)
    {
        output.CommitPacket(RtpHeader.Size + payloadLength, payloadLength);
        NextSequenceNumber = unchecked((ushort)(NextSequenceNumber + 1));
        PacketCount++;
        OctetCount += payloadLength;
    }

    private readonly record struct NalRange(int Offset, int Length)
    {
        public ReadOnlySpan<byte> Of(ReadOnlySpan<byte> annexB) => annexB.Slice(Offset, Length);
    }
}
