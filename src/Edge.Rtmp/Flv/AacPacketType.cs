namespace Edge.Rtmp.Flv;

/// <summary><c>AACPacketType</c> of an FLV audio tag (FLV 10.1, E.4.2.2).</summary>
internal enum AacPacketType : byte
{
    /// <summary>The body is an AudioSpecificConfig (ISO 14496-3 1.6.2.1).</summary>
    SequenceHeader = 0,

    /// <summary>The body is one raw AAC frame.</summary>
    Raw = 1,
}
