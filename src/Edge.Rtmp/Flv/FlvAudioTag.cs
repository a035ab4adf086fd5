namespace Edge.Rtmp.Flv;

/// <summary>
/// The body of an FLV audio tag for AAC (FLV 10.1, E.4.2.1), which is also the payload of an RTMP
/// audio message: a format byte, the AAC packet type, then the data.
/// </summary>
internal static class FlvAudioTag
{
    /// <summary>Bytes before the data.</summary>
    public const int AacHeaderLength = 2;

    /// <summary><c>SoundFormat</c> 10: AAC. Also the <c>audiocodecid</c> of <c>onMetaData</c>.</summary>
    public const int AacCodecId = 10;

    /// <summary>
    /// SoundFormat 10 (AAC), SoundRate 3 (44 kHz), SoundSize 1 (16-bit), SoundType 1 (stereo): the
    /// FLV specification fixes rate and type to these values for AAC whatever the real audio is;
    /// decoders take the real ones from the AudioSpecificConfig.
    /// </summary>
    private const byte AacFormatByte = (AacCodecId << 4) | (3 << 2) | (1 << 1) | 1;

    public static void WriteAacHeader(Span<byte> destination, AacPacketType packetType)
    {
        destination[0] = AacFormatByte;
        destination[1] = (byte)packetType;
    }
}
