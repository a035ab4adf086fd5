using System.Buffers.Binary;
using System.Text;

namespace Edge.Rtsp.Protocol.Rtcp;

/// <summary>Writes the RTCP packets a sender needs (RFC 3550 6.4.1, 6.5, 6.6) into caller-provided memory, without allocating.</summary>
public static class RtcpWriter
{
    /// <summary>Bytes of a sender report without reception report blocks.</summary>
    public const int SenderReportLength = 28;

    /// <summary>Bytes of a BYE packet for one source, without a reason.</summary>
    public const int ByeLength = 8;

    /// <summary>Most bytes of a CNAME: its length is one byte.</summary>
    public const int MaxCnameBytes = 255;

    private const byte Version2 = 2 << 6;
    private const byte SdesCname = 1;

    /// <summary>Bytes <see cref="WriteSenderReport(Span{byte}, uint, NtpTimestamp, uint, uint, uint, string)"/> writes for <paramref name="cname"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="cname"/> is longer than <see cref="MaxCnameBytes"/> in UTF-8.</exception>
    public static int GetSenderReportLength(string cname)
    {
        ArgumentNullException.ThrowIfNull(cname);
        return SenderReportLength + GetSdesLength(GetCnameByteCount(cname));
    }

    /// <summary>
    /// Writes a compound packet of a sender report (no reception report blocks, as Edge receives no
    /// media) and a source description carrying the CNAME, and returns its length.
    /// </summary>
    /// <param name="destination">Where to write; at least <see cref="GetSenderReportLength"/> bytes.</param>
    /// <param name="ssrc">The sender's SSRC.</param>
    /// <param name="ntp">Wall-clock time of the moment <paramref name="rtpTimestamp"/> stands for.</param>
    /// <param name="rtpTimestamp">The RTP timestamp of that moment, on the media clock.</param>
    /// <param name="packetCount">Packets sent since the stream started (wraps).</param>
    /// <param name="octetCount">Payload bytes sent since the stream started (wraps).</param>
    /// <param name="cname">The canonical name, at most <see cref="MaxCnameBytes"/> bytes in UTF-8.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short, or <paramref name="cname"/> too long.</exception>
    public static int WriteSenderReport(Span<byte> destination, uint ssrc, NtpTimestamp ntp, uint rtpTimestamp, uint packetCount, uint octetCount, string cname)
    {
        ArgumentNullException.ThrowIfNull(cname);
        var cnameBytes = GetCnameByteCount(cname);
        var length = SenderReportLength + GetSdesLength(cnameBytes);
        EnsureLength(destination, length);

        WriteSenderReportPacket(destination, ssrc, ntp, rtpTimestamp, packetCount, octetCount);

        var sdes = destination[SenderReportLength..length];
        WritePacketHeader(sdes, 1, RtcpPacketType.SourceDescription, sdes.Length);
        BinaryPrimitives.WriteUInt32BigEndian(sdes[4..], ssrc);
        sdes[8] = SdesCname;
        sdes[9] = (byte)cnameBytes;
        Encoding.UTF8.GetBytes(cname, sdes[10..]);
        // The END item (a zero byte) and the padding to a 32-bit boundary are all zeros.
        sdes[(10 + cnameBytes)..].Clear();
        return length;
    }

    /// <summary>Writes a BYE packet for <paramref name="ssrc"/> (8 bytes) and returns its length.</summary>
    /// <remarks>RFC 3550 6.1 wants every compound packet to start with a report: see <see cref="WriteSenderReportAndBye"/>.</remarks>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="ByeLength"/>.</exception>
    public static int WriteBye(Span<byte> destination, uint ssrc)
    {
        EnsureLength(destination, ByeLength);
        WritePacketHeader(destination, 1, RtcpPacketType.Bye, ByeLength);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        return ByeLength;
    }

    /// <summary>
    /// Writes the compound packet a sender leaves with: sender report, CNAME and BYE, and returns its
    /// length (<see cref="GetSenderReportLength"/> plus <see cref="ByeLength"/>).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short, or <paramref name="cname"/> too long.</exception>
    public static int WriteSenderReportAndBye(Span<byte> destination, uint ssrc, NtpTimestamp ntp, uint rtpTimestamp, uint packetCount, uint octetCount, string cname)
    {
        EnsureLength(destination, GetSenderReportLength(cname) + ByeLength);
        var length = WriteSenderReport(destination, ssrc, ntp, rtpTimestamp, packetCount, octetCount, cname);
        return length + WriteBye(destination[length..], ssrc);
    }

    private static void WriteSenderReportPacket(Span<byte> destination, uint ssrc, NtpTimestamp ntp, uint rtpTimestamp, uint packetCount, uint octetCount)
    {
        WritePacketHeader(destination, 0, RtcpPacketType.SenderReport, SenderReportLength);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], ntp.Value);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], rtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], packetCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination[24..], octetCount);
    }

    private static void WritePacketHeader(Span<byte> destination, int count, RtcpPacketType type, int lengthInBytes)
    {
        destination[0] = (byte)(Version2 | count);
        destination[1] = (byte)type;
        // The length field counts 32-bit words, less one (RFC 3550 6.4.1).
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)((lengthInBytes / 4) - 1));
    }

    private static int GetCnameByteCount(string cname)
    {
        var count = Encoding.UTF8.GetByteCount(cname);
        if (count > MaxCnameBytes)
            throw new ArgumentException($"An RTCP CNAME holds at most {MaxCnameBytes} bytes; this one has {count}.", nameof(cname));
        return count;
    }

    /// <summary>SDES header, one chunk's SSRC, the CNAME item (type, length, text), END, padded to 32 bits.</summary>
    private static int GetSdesLength(int cnameBytes) => (4 + 4 + 2 + cnameBytes + 1 + 3) & ~3;

    private static void EnsureLength(Span<byte> destination, int length)
    {
        if (destination.Length < length)
            throw new ArgumentException($"The RTCP packet needs {length} bytes; the destination holds {destination.Length}.", nameof(destination));
    }
}
