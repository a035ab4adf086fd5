using Edge.Media.H264;

namespace Edge.Rtmp.Flv;

/// <summary>
/// The body of an FLV video tag for H.264 (FLV 10.1, E.4.3.1), which is also the payload of an
/// RTMP video message: a frame type and codec byte, the AVC packet type, a 24-bit composition
/// time, then the data.
/// </summary>
internal static class FlvVideoTag
{
    /// <summary>Bytes before the data.</summary>
    public const int HeaderLength = 5;

    /// <summary><c>CodecID</c> 7: AVC. Also the <c>videocodecid</c> of <c>onMetaData</c>.</summary>
    public const int AvcCodecId = 7;

    private const int KeyFrame = 1;
    private const int InterFrame = 2;

    /// <summary>Writes the 5-byte header.</summary>
    /// <param name="destination">At least <see cref="HeaderLength"/> bytes.</param>
    /// <param name="keyframe">True for an IDR (and for sequence headers).</param>
    /// <param name="packetType">What follows.</param>
    /// <param name="compositionTimeMs">PTS minus DTS in milliseconds; 0 for streams without B-frames, which is all Edge sends.</param>
    public static void WriteHeader(Span<byte> destination, bool keyframe, AvcPacketType packetType, int compositionTimeMs = 0)
    {
        if (compositionTimeMs is < -0x800000 or > 0x7FFFFF)
            throw new ArgumentOutOfRangeException(nameof(compositionTimeMs), compositionTimeMs, "The composition time is a signed 24-bit number.");
        destination[0] = (byte)(((keyframe ? KeyFrame : InterFrame) << 4) | AvcCodecId);
        destination[1] = (byte)packetType;
        destination[2] = (byte)(compositionTimeMs >> 16);
        destination[3] = (byte)(compositionTimeMs >> 8);
        destination[4] = (byte)compositionTimeMs;
    }

    /// <summary>Bytes of the AVC sequence header tag body for <paramref name="record"/>.</summary>
    public static int SequenceHeaderLength(AvcDecoderConfigurationRecord record) => HeaderLength + record.Size;

    /// <summary>Writes the AVC sequence header: a keyframe tag carrying the decoder configuration record. Returns the bytes written.</summary>
    public static int WriteSequenceHeader(Span<byte> destination, AvcDecoderConfigurationRecord record)
    {
        WriteHeader(destination, keyframe: true, AvcPacketType.SequenceHeader);
        return HeaderLength + record.WriteTo(destination[HeaderLength..]);
    }

    /// <summary>Bytes of the NALU tag body for an Annex B access unit.</summary>
    public static int NaluLength(ReadOnlySpan<byte> annexB) => HeaderLength + AnnexB.GetAvccLength(annexB);

    /// <summary>
    /// Writes a NALU tag body: the header, then the access unit's NAL units with 4-byte length
    /// prefixes (the length size the sequence header declares). Returns the bytes written.
    /// </summary>
    public static int WriteNalu(Span<byte> destination, ReadOnlySpan<byte> annexB, bool keyframe)
    {
        WriteHeader(destination, keyframe, AvcPacketType.Nalu);
        return HeaderLength + AnnexB.ToAvcc(annexB, destination[HeaderLength..]);
    }
}
