using System.Buffers.Binary;
using System.Globalization;
using Edge.Media.H264;

namespace Edge.Benchmarks.HubToWire;

/// <summary>
/// Marks each published access unit with its own number, so that a client can tell which unit a
/// packet belongs to without any hook in the server: an H.264 SEI NAL unit of type
/// <c>user_data_unregistered</c> (payload type 5) with this benchmark's UUID and the number as
/// eight hex digits, placed just before the unit's first slice. Decoders ignore it; the server
/// sends it like any other NAL unit (alone, or inside the STAP-A that carries the parameter sets).
/// </summary>
/// <remarks>
/// Every byte of the SEI is non-zero up to the stop bit, so it needs no emulation prevention and
/// can never look like a start code.
/// </remarks>
public static class UnitTag
{
    /// <summary>Bytes the tag adds to a unit: a 4-byte start code and the SEI NAL unit.</summary>
    public const int Bytes = 4 + SeiBytes;

    private const byte SeiNalHeader = 0x06; // nal_ref_idc 0, type 6 (SEI)
    private const byte UserDataUnregistered = 5;
    private const int DigitBytes = 8;
    private const int SeiBytes = 1 + 1 + 1 + 16 + DigitBytes + 1;
    private const int StapA = 24;

    // Random, with no zero byte; tells this benchmark's SEI from libx264's own user data.
    private static ReadOnlySpan<byte> Uuid => [0x5e, 0xd9, 0x8b, 0x31, 0x7c, 0x42, 0x4f, 0xa6, 0x93, 0x1d, 0xe7, 0x58, 0x2a, 0xc4, 0x6f, 0x11];

    /// <summary>
    /// Where in <paramref name="annexB"/> the tag goes: at the start code of the first slice (the
    /// SEI must precede the picture's first VCL NAL unit); the unit's end when it has no slice.
    /// </summary>
    public static int InsertionOffset(ReadOnlySpan<byte> annexB)
    {
        var nals = AnnexB.EnumerateNalUnits(annexB);
        while (nals.MoveNext())
        {
            var type = nals.Current[0] & 0x1F;
            if (type is 1 or 5)
            {
                var offset = nals.CurrentOffset - 3; // 00 00 01
                if (offset > 0 && annexB[offset - 1] == 0)
                    offset--; // the zero_byte of a 4-byte start code
                return offset;
            }
        }

        return annexB.Length;
    }

    /// <summary>
    /// Writes <paramref name="annexB"/> with the tag for <paramref name="number"/> inserted at
    /// <paramref name="insertionOffset"/> into <paramref name="destination"/>; returns the bytes written.
    /// </summary>
    public static int Write(ReadOnlySpan<byte> annexB, int insertionOffset, uint number, Span<byte> destination)
    {
        annexB[..insertionOffset].CopyTo(destination);
        var tag = destination.Slice(insertionOffset, Bytes);
        tag[0] = 0;
        tag[1] = 0;
        tag[2] = 0;
        tag[3] = 1;
        tag[4] = SeiNalHeader;
        tag[5] = UserDataUnregistered;
        tag[6] = 16 + DigitBytes; // payload size
        Uuid.CopyTo(tag[7..]);
        number.TryFormat(tag.Slice(7 + 16, DigitBytes), out _, "x8", CultureInfo.InvariantCulture);
        tag[^1] = 0x80; // rbsp_stop_one_bit and alignment
        annexB[insertionOffset..].CopyTo(destination[(insertionOffset + Bytes)..]);
        return annexB.Length + Bytes;
    }

    /// <summary>
    /// Finds a tag in one RTP payload: a single SEI NAL unit, or one inside a STAP-A. FU-A
    /// fragments never carry it (the SEI is far smaller than a packet).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> rtpPayload, out uint number)
    {
        number = 0;
        if (rtpPayload.IsEmpty)
            return false;
        var type = rtpPayload[0] & 0x1F;
        if (type == SeiNalHeader)
            return TryReadSei(rtpPayload, out number);
        if (type != StapA)
            return false;

        var position = 1;
        while (position + 2 <= rtpPayload.Length)
        {
            var size = BinaryPrimitives.ReadUInt16BigEndian(rtpPayload[position..]);
            position += 2;
            if (size == 0 || position + size > rtpPayload.Length)
                return false;
            var nal = rtpPayload.Slice(position, size);
            if ((nal[0] & 0x1F) == SeiNalHeader && TryReadSei(nal, out number))
                return true;
            position += size;
        }

        return false;
    }

    private static bool TryReadSei(ReadOnlySpan<byte> nal, out uint number)
    {
        number = 0;
        return nal.Length >= SeiBytes
            && nal[1] == UserDataUnregistered
            && nal[2] == 16 + DigitBytes
            && nal.Slice(3, 16).SequenceEqual(Uuid)
            && uint.TryParse(nal.Slice(3 + 16, DigitBytes), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out number);
    }
}
