using System.Buffers.Binary;

namespace Edge.Media.H264;

/// <summary>
/// The Annex B byte stream (NAL units separated by <c>00 00 01</c> / <c>00 00 00 01</c> start codes),
/// the format encoders produce and <see cref="AccessUnit"/> holds, and its conversion to and from
/// length-prefixed AVCC units.
/// </summary>
public static class AnnexB
{
    /// <summary>The 4-byte start code Edge writes before each NAL unit.</summary>
    public static ReadOnlySpan<byte> FourByteStartCode => [0, 0, 0, 1];

    internal static ReadOnlySpan<byte> StartCode => [0, 0, 1];

    /// <summary>Enumerates the NAL units of <paramref name="annexB"/> without allocating.</summary>
    /// <example><code>foreach (var nal in AnnexB.EnumerateNalUnits(unit.Data.Span)) { ... }</code></example>
    public static AnnexBNalUnitEnumerator EnumerateNalUnits(ReadOnlySpan<byte> annexB) => new(annexB);

    /// <summary>
    /// Finds the first SPS and the first PPS in <paramref name="annexB"/>. Returns false unless both are there.
    /// </summary>
    public static bool TryFindParameterSets(ReadOnlySpan<byte> annexB, out ReadOnlySpan<byte> sps, out ReadOnlySpan<byte> pps)
    {
        sps = default;
        pps = default;
        var enumerator = new AnnexBNalUnitEnumerator(annexB);
        while (enumerator.MoveNext())
        {
            var type = NalUnitHeader.TypeOf(enumerator.Current);
            if (type == NalUnitType.Sps && sps.IsEmpty)
                sps = annexB.Slice(enumerator.CurrentOffset, enumerator.CurrentLength);
            else if (type == NalUnitType.Pps && pps.IsEmpty)
                pps = annexB.Slice(enumerator.CurrentOffset, enumerator.CurrentLength);
            else if (type == NalUnitType.IdrSlice || type == NalUnitType.NonIdrSlice)
                break; // parameter sets come before the picture they belong to

            if (!sps.IsEmpty && !pps.IsEmpty)
                return true;
        }

        return !sps.IsEmpty && !pps.IsEmpty;
    }

    /// <summary>Bytes that <see cref="ToAvcc"/> writes for <paramref name="annexB"/>.</summary>
    public static int GetAvccLength(ReadOnlySpan<byte> annexB, int lengthSize = Avcc.DefaultLengthSize)
    {
        Avcc.ValidateLengthSize(lengthSize);
        long total = 0;
        foreach (var nal in EnumerateNalUnits(annexB))
            total += lengthSize + nal.Length;
        return checked((int)total);
    }

    /// <summary>
    /// Rewrites <paramref name="annexB"/> as length-prefixed NAL units (the RTMP/FLV and MP4 sample
    /// format) into <paramref name="destination"/>, and returns the number of bytes written.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="GetAvccLength"/>.</exception>
    /// <exception cref="InvalidDataException">A NAL unit is too long for a <paramref name="lengthSize"/>-byte prefix.</exception>
    public static int ToAvcc(ReadOnlySpan<byte> annexB, Span<byte> destination, int lengthSize = Avcc.DefaultLengthSize)
    {
        if (!TryToAvcc(annexB, destination, out var written, lengthSize))
            throw new ArgumentException(
                $"Destination holds {destination.Length} bytes; the AVCC form needs {GetAvccLength(annexB, lengthSize)}.",
                nameof(destination));
        return written;
    }

    /// <summary>As <see cref="ToAvcc"/>, but returns false when <paramref name="destination"/> is too short.</summary>
    /// <exception cref="InvalidDataException">A NAL unit is too long for a <paramref name="lengthSize"/>-byte prefix.</exception>
    public static bool TryToAvcc(ReadOnlySpan<byte> annexB, Span<byte> destination, out int bytesWritten, int lengthSize = Avcc.DefaultLengthSize)
    {
        Avcc.ValidateLengthSize(lengthSize);
        if (destination.Overlaps(annexB))
            throw new ArgumentException("Source and destination must not overlap.", nameof(destination));

        var position = 0;
        foreach (var nal in EnumerateNalUnits(annexB))
        {
            if (destination.Length - position < lengthSize + nal.Length)
            {
                bytesWritten = 0;
                return false;
            }

            var prefix = destination.Slice(position, lengthSize);
            switch (lengthSize)
            {
                case 1:
                    if (nal.Length > byte.MaxValue)
                        throw NalTooLong(nal.Length, lengthSize);
                    prefix[0] = (byte)nal.Length;
                    break;
                case 2:
                    if (nal.Length > ushort.MaxValue)
                        throw NalTooLong(nal.Length, lengthSize);
                    BinaryPrimitives.WriteUInt16BigEndian(prefix, (ushort)nal.Length);
                    break;
                default:
                    BinaryPrimitives.WriteUInt32BigEndian(prefix, (uint)nal.Length);
                    break;
            }

            nal.CopyTo(destination[(position + lengthSize)..]);
            position += lengthSize + nal.Length;
        }

        bytesWritten = position;
        return true;
    }

    /// <summary>Bytes that <see cref="FromAvcc"/> writes for <paramref name="avcc"/>.</summary>
    /// <exception cref="InvalidDataException"><paramref name="avcc"/> is malformed.</exception>
    public static int GetLengthFromAvcc(ReadOnlySpan<byte> avcc, int lengthSize = Avcc.DefaultLengthSize)
    {
        long total = 0;
        foreach (var nal in Avcc.EnumerateNalUnits(avcc, lengthSize))
            total += FourByteStartCode.Length + nal.Length;
        return checked((int)total);
    }

    /// <summary>
    /// Rewrites length-prefixed NAL units as an Annex B stream with 4-byte start codes into
    /// <paramref name="destination"/>, and returns the number of bytes written.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="GetLengthFromAvcc"/>.</exception>
    /// <exception cref="InvalidDataException"><paramref name="avcc"/> is malformed.</exception>
    public static int FromAvcc(ReadOnlySpan<byte> avcc, Span<byte> destination, int lengthSize = Avcc.DefaultLengthSize)
    {
        if (!TryFromAvcc(avcc, destination, out var written, lengthSize))
            throw new ArgumentException(
                $"Destination holds {destination.Length} bytes; the Annex B form needs {GetLengthFromAvcc(avcc, lengthSize)}.",
                nameof(destination));
        return written;
    }

    /// <summary>As <see cref="FromAvcc"/>, but returns false when <paramref name="destination"/> is too short.</summary>
    /// <exception cref="InvalidDataException"><paramref name="avcc"/> is malformed.</exception>
    public static bool TryFromAvcc(ReadOnlySpan<byte> avcc, Span<byte> destination, out int bytesWritten, int lengthSize = Avcc.DefaultLengthSize)
    {
        if (destination.Overlaps(avcc))
            throw new ArgumentException("Source and destination must not overlap.", nameof(destination));

        var position = 0;
        foreach (var nal in Avcc.EnumerateNalUnits(avcc, lengthSize))
        {
            if (destination.Length - position < FourByteStartCode.Length + nal.Length)
            {
                bytesWritten = 0;
                return false;
            }

            FourByteStartCode.CopyTo(destination[position..]);
            nal.CopyTo(destination[(position + FourByteStartCode.Length)..]);
            position += FourByteStartCode.Length + nal.Length;
        }

        bytesWritten = position;
        return true;
    }

    private static InvalidDataException NalTooLong(int length, int lengthSize) =>
        new($"A {length}-byte NAL unit does not fit a {lengthSize}-byte AVCC length prefix.");
}
