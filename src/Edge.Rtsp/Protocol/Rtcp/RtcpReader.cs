using System.Buffers.Binary;

namespace Edge.Rtsp.Protocol.Rtcp;

/// <summary>
/// Reads the RTCP a client sends back (RFC 3550 6.4, 6.6; RFC 4585 6.1): receiver reports, BYE,
/// keyframe requests. Checks the structure of every packet in the compound; never throws and never
/// allocates, whatever the bytes.
/// </summary>
public static class RtcpReader
{
    private const int HeaderLength = 4;
    private const int PliFormat = 1;
    private const int FirFormat = 4;

    /// <summary>Parses <paramref name="compound"/>, reporting the first reception report block.</summary>
    /// <returns>False when the bytes are not a well-formed compound RTCP packet.</returns>
    public static bool TryParse(ReadOnlySpan<byte> compound, out RtcpSummary summary) =>
        TryParse(compound, mediaSsrc: null, out summary);

    /// <summary>
    /// Parses <paramref name="compound"/>, reporting the reception report block about
    /// <paramref name="mediaSsrc"/> (or, when null, the first block).
    /// </summary>
    /// <returns>False when the bytes are not a well-formed compound RTCP packet.</returns>
    public static bool TryParse(ReadOnlySpan<byte> compound, uint? mediaSsrc, out RtcpSummary summary)
    {
        summary = default;
        if (compound.Length < HeaderLength)
            return false;

        uint senderSsrc = 0;
        var haveSender = false;
        var haveSenderFromReport = false;
        bool sr = false, rr = false, bye = false, keyframe = false, haveReport = false;
        var blocks = 0;
        ReceptionReport report = default;

        var rest = compound;
        while (!rest.IsEmpty)
        {
            if (rest.Length < HeaderLength || rest[0] >> 6 != 2)
                return false;
            var length = (BinaryPrimitives.ReadUInt16BigEndian(rest[2..]) + 1) * 4;
            if (length > rest.Length)
                return false;

            var packet = rest[..length];
            rest = rest[length..];
            if ((packet[0] & 0x20) != 0)
            {
                // Padding: the last byte counts the padding bytes, themselves included.
                var padding = packet[^1];
                if (padding == 0 || padding > length - HeaderLength)
                    return false;
                packet = packet[..^padding];
            }

            var count = packet[0] & 0x1F;
            var body = packet[HeaderLength..];
            ReadOnlySpan<byte> blockBytes;
            switch (packet[1])
            {
                case (byte)RtcpPacketType.SenderReport:
                    if (body.Length < 24 + (count * ReceptionReport.Length))
                        return false;
                    sr = true;
                    blockBytes = body.Slice(24, count * ReceptionReport.Length);
                    break;
                case (byte)RtcpPacketType.ReceiverReport:
                    if (body.Length < 4 + (count * ReceptionReport.Length))
                        return false;
                    rr = true;
                    blockBytes = body.Slice(4, count * ReceptionReport.Length);
                    break;
                case (byte)RtcpPacketType.Bye:
                    if (body.Length < count * 4)
                        return false;
                    bye = true;
                    blockBytes = default;
                    break;
                case (byte)RtcpPacketType.PayloadFeedback:
                    if (body.Length < 8)
                        return false;
                    keyframe |= count is PliFormat or FirFormat;
                    blockBytes = default;
                    break;
                default:
                    blockBytes = default;
                    break;
            }

            if (packet[1] is (byte)RtcpPacketType.SenderReport or (byte)RtcpPacketType.ReceiverReport)
            {
                if (!haveSenderFromReport)
                {
                    senderSsrc = BinaryPrimitives.ReadUInt32BigEndian(body);
                    haveSender = haveSenderFromReport = true;
                }
            }
            else if (!haveSender && body.Length >= 4 && (packet[1] != (byte)RtcpPacketType.Bye || count > 0))
            {
                senderSsrc = BinaryPrimitives.ReadUInt32BigEndian(body);
                haveSender = true;
            }

            for (; blockBytes.Length >= ReceptionReport.Length; blockBytes = blockBytes[ReceptionReport.Length..])
            {
                blocks++;
                var block = ReadBlock(blockBytes);
                if (!haveReport && (mediaSsrc is null || block.Ssrc == mediaSsrc))
                {
                    report = block;
                    haveReport = true;
                }
            }
        }

        summary = new RtcpSummary
        {
            SenderSsrc = senderSsrc,
            HasSenderReport = sr,
            HasReceiverReport = rr,
            HasBye = bye,
            HasKeyframeRequest = keyframe,
            ReportBlockCount = blocks,
            HasReport = haveReport,
            Report = report,
        };
        return true;
    }

    private static ReceptionReport ReadBlock(ReadOnlySpan<byte> block)
    {
        // Fraction lost (8 bits) and cumulative lost (signed 24 bits) share one word.
        var lossWord = BinaryPrimitives.ReadInt32BigEndian(block[4..]);
        return new ReceptionReport(
            Ssrc: BinaryPrimitives.ReadUInt32BigEndian(block),
            FractionLost: block[4],
            CumulativeLost: (lossWord << 8) >> 8,
            HighestSequenceNumber: BinaryPrimitives.ReadUInt32BigEndian(block[8..]),
            Jitter: BinaryPrimitives.ReadUInt32BigEndian(block[12..]),
            LastSenderReport: BinaryPrimitives.ReadUInt32BigEndian(block[16..]),
            DelaySinceLastSenderReport: BinaryPrimitives.ReadUInt32BigEndian(block[20..]));
    }
}
