using System.Buffers.Binary;

namespace Edge.Rtsp.Protocol.Rtp;

/// <summary>The fixed RTP header (RFC 3550 5.1): writing the 12 bytes Edge sends, reading any valid header.</summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
/// |V=2|P|X|  CC   |M|     PT      |       sequence number         |
/// |                           timestamp                           |
/// |           synchronization source (SSRC) identifier            |
/// |            contributing source (CSRC) identifiers (CC × 32)   |
/// </code>
/// </remarks>
public static class RtpHeader
{
    /// <summary>Bytes of the header Edge writes: no CSRC list, no extension.</summary>
    public const int Size = 12;

    /// <summary>The RTP version every packet carries.</summary>
    public const int Version = 2;

    /// <summary>Writes a 12-byte header (version 2, no padding, no extension, no CSRC) at the start of <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="Size"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="payloadType"/> is above 127.</exception>
    public static void Write(Span<byte> destination, bool marker, byte payloadType, ushort sequenceNumber, uint timestamp, uint ssrc)
    {
        if (destination.Length < Size)
            throw new ArgumentException($"An RTP header needs {Size} bytes; the destination holds {destination.Length}.", nameof(destination));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadType, (byte)127);

        destination[0] = Version << 6;
        destination[1] = (byte)(payloadType | (marker ? 0x80 : 0));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ssrc);
    }

    /// <summary>
    /// Reads the header of <paramref name="packet"/>, skipping any CSRC list and header extension and
    /// removing padding. Returns false, never throws, for anything that is not a valid RTP packet.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> packet, out RtpPacketInfo info)
    {
        info = default;
        if (packet.Length < Size || packet[0] >> 6 != Version)
            return false;

        var hasPadding = (packet[0] & 0x20) != 0;
        var hasExtension = (packet[0] & 0x10) != 0;
        var csrcCount = packet[0] & 0x0F;
        var headerLength = Size + (4 * csrcCount);
        if (packet.Length < headerLength)
            return false;

        if (hasExtension)
        {
            // Profile-defined 16 bits, then the extension's length in 32-bit words.
            if (packet.Length < headerLength + 4)
                return false;
            var words = BinaryPrimitives.ReadUInt16BigEndian(packet[(headerLength + 2)..]);
            headerLength += 4 + (4 * words);
            if (packet.Length < headerLength)
                return false;
        }

        var payloadLength = packet.Length - headerLength;
        if (hasPadding)
        {
            var padding = packet[^1];
            if (padding == 0 || padding > payloadLength)
                return false;
            payloadLength -= padding;
        }

        info = new RtpPacketInfo(
            Marker: (packet[1] & 0x80) != 0,
            PayloadType: (byte)(packet[1] & 0x7F),
            SequenceNumber: BinaryPrimitives.ReadUInt16BigEndian(packet[2..]),
            Timestamp: BinaryPrimitives.ReadUInt32BigEndian(packet[4..]),
            Ssrc: BinaryPrimitives.ReadUInt32BigEndian(packet[8..]),
            PayloadOffset: headerLength,
            PayloadLength: payloadLength);
        return true;
    }
}
