namespace Edge.Rtmp.Flv;

/// <summary><c>AVCPacketType</c> of an FLV video tag (FLV 10.1, E.4.3.1).</summary>
internal enum AvcPacketType : byte
{
    /// <summary>The body is an AVCDecoderConfigurationRecord.</summary>
    SequenceHeader = 0,

    /// <summary>The body is one access unit of length-prefixed NAL units.</summary>
    Nalu = 1,

    EndOfSequence = 2,
}
