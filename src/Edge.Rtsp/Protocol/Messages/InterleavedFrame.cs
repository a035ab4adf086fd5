using System.Buffers;

namespace Edge.Rtsp.Protocol.Messages;

/// <summary>
/// A binary frame interleaved in the RTSP connection (RFC 2326 10.12): <c>$</c>, a channel byte,
/// a 16-bit length and that many bytes of RTP or RTCP.
/// </summary>
/// <param name="Channel">The channel, as set up by the Transport's <c>interleaved=</c>.</param>
/// <param name="Payload">The frame's data: a slice of the parser's input, valid until the input is advanced past it.</param>
public readonly record struct InterleavedFrame(byte Channel, ReadOnlySequence<byte> Payload)
{
    /// <summary>Bytes of the frame header: <c>$</c>, channel, 16-bit length.</summary>
    public const int HeaderLength = 4;
}
