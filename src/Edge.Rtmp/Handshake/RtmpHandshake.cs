using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Edge.Rtmp.Handshake;

/// <summary>
/// The client side of the plain RTMP handshake (RTMP 1.0 section 5.2): send C0 and C1, read S0
/// and S1, send C2 (an echo of S1), read S2.
/// </summary>
/// <remarks>
/// C1 carries zeros where a "complex" (digest) handshake would put a version, which tells servers
/// to use the plain handshake. C2 echoes S1's time and random bytes, which FFmpeg's listener
/// checks. S2 is read but not compared with C1: servers answering with a digest handshake do not
/// echo it, and the check protects nothing.
/// </remarks>
internal static class RtmpHandshake
{
    /// <summary>The protocol version in C0/S0.</summary>
    public const byte Version = 3;

    /// <summary>Bytes in C1, S1, C2 and S2.</summary>
    public const int PacketLength = 1536;

    private const int RandomOffset = 8;

    /// <summary>Fills C0 and C1 (1 + 1536 bytes): version 3, our time, four zero bytes, random bytes.</summary>
    public static void WriteC0C1(Span<byte> destination, uint timeMilliseconds)
    {
        destination[0] = Version;
        var c1 = destination.Slice(1, PacketLength);
        BinaryPrimitives.WriteUInt32BigEndian(c1, timeMilliseconds);
        BinaryPrimitives.WriteUInt32BigEndian(c1[4..], 0);
        RandomNumberGenerator.Fill(c1[RandomOffset..]);
    }

    /// <summary>Fills C2 (1536 bytes) from S1: S1's time, the time we read S1, S1's random bytes.</summary>
    public static void WriteC2(Span<byte> destination, ReadOnlySpan<byte> s1, uint readTimeMilliseconds)
    {
        s1[..PacketLength].CopyTo(destination);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], readTimeMilliseconds);
    }

    /// <summary>
    /// Checks S0 and explains what the server probably is when it is not an RTMP server:
    /// a TLS server (0x15/0x16) means the URL should be rtmps://, an 'H' an HTTP server.
    /// </summary>
    /// <returns>Null when S0 is version 3, otherwise why the handshake cannot go on.</returns>
    public static string? DescribeBadS0(byte s0) => s0 switch
    {
        Version => null,
        0x15 or 0x16 => "the server answered with TLS; use an rtmps:// URL for this port",
        (byte)'H' => "the server answered with HTTP, not RTMP; check the port",
        _ => $"the server answered the handshake with version {s0}; only RTMP version 3 exists",
    };

    /// <summary>Runs the handshake on a connected stream.</summary>
    /// <exception cref="RtmpException">The server is not an RTMP server (failure <see cref="RtmpFailure.Handshake"/>).</exception>
    /// <exception cref="EndOfStreamException">The server closed the connection during the handshake.</exception>
    public static async Task PerformAsync(Stream stream, TimeProvider time, string redactedUrl, CancellationToken cancellationToken)
    {
        var start = time.GetTimestamp();
        var buffer = new byte[1 + PacketLength + PacketLength];
        WriteC0C1(buffer, 0);
        await stream.WriteAsync(buffer.AsMemory(0, 1 + PacketLength), cancellationToken).ConfigureAwait(false);

        await stream.ReadExactlyAsync(buffer.AsMemory(0, 1), cancellationToken).ConfigureAwait(false);
        if (DescribeBadS0(buffer[0]) is { } problem)
            throw new RtmpException(RtmpFailure.Handshake, $"{redactedUrl}: {problem}", problem);
        await stream.ReadExactlyAsync(buffer.AsMemory(1, PacketLength), cancellationToken).ConfigureAwait(false);

        var elapsed = (uint)time.GetElapsedTime(start).TotalMilliseconds;
        WriteC2(buffer.AsSpan(1 + PacketLength), buffer.AsSpan(1, PacketLength), elapsed);
        await stream.WriteAsync(buffer.AsMemory(1 + PacketLength, PacketLength), cancellationToken).ConfigureAwait(false);

        await stream.ReadExactlyAsync(buffer.AsMemory(1, PacketLength), cancellationToken).ConfigureAwait(false); // S2
    }
}
