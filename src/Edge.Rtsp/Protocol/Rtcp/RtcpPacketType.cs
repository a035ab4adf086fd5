namespace Edge.Rtsp.Protocol.Rtcp;

/// <summary>RTCP packet types (RFC 3550 12.1, RFC 4585 6.1).</summary>
public enum RtcpPacketType : byte
{
    /// <summary>200: sender report.</summary>
    SenderReport = 200,

    /// <summary>201: receiver report.</summary>
    ReceiverReport = 201,

    /// <summary>202: source description.</summary>
    SourceDescription = 202,

    /// <summary>203: goodbye.</summary>
    Bye = 203,

    /// <summary>204: application-defined.</summary>
    App = 204,

    /// <summary>205: transport-layer feedback (generic NACK).</summary>
    TransportFeedback = 205,

    /// <summary>206: payload-specific feedback (PLI, FIR).</summary>
    PayloadFeedback = 206,
}
