namespace Edge.Media.H264;

/// <summary>
/// Raw byte sequence payload: the bytes of a NAL unit after its header with the emulation
/// prevention bytes removed (H.264 7.3.1, 7.4.1).
/// </summary>
public static class Rbsp
{
    private static ReadOnlySpan<byte> EmulationPrevention => [0, 0, 3];

    /// <summary>
    /// Copies <paramref name="source"/> into <paramref name="destination"/> without the
    /// <c>emulation_prevention_three_byte</c>s (each <c>03</c> that follows <c>00 00</c>), and
    /// returns the number of bytes written. <paramref name="destination"/> may be
    /// <paramref name="source"/> itself (in-place), but must not otherwise overlap it.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <paramref name="source"/>.</exception>
    public static int RemoveEmulationPrevention(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (destination.Length < source.Length)
            throw new ArgumentException(
                $"Destination holds {destination.Length} bytes; the source has {source.Length}.", nameof(destination));

        var written = 0;
        while (true)
        {
            var found = source.IndexOf(EmulationPrevention);
            if (found < 0)
            {
                source.CopyTo(destination[written..]);
                return written + source.Length;
            }

            // Keep the two zeros, drop the 03. The zero count starts afresh after it.
            source[..(found + 2)].CopyTo(destination[written..]);
            written += found + 2;
            source = source[(found + 3)..];
        }
    }

    /// <summary>Allocating convenience form of <see cref="RemoveEmulationPrevention(ReadOnlySpan{byte}, Span{byte})"/>.</summary>
    public static byte[] RemoveEmulationPrevention(ReadOnlySpan<byte> source)
    {
        var buffer = new byte[source.Length];
        var length = RemoveEmulationPrevention(source, buffer);
        return length == buffer.Length ? buffer : buffer.AsSpan(0, length).ToArray();
    }
}
