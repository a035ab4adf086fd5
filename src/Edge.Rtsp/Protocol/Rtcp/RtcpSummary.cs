namespace Edge.Rtsp.Protocol.Rtcp;

/// <summary>What a session needs from a compound RTCP packet a client sent.</summary>
public readonly record struct RtcpSummary
{
    /// <summary>SSRC of the sender of the packet (the reporter), from its first report or, failing that, its first packet.</summary>
    public uint SenderSsrc { get; init; }

    /// <summary>True when the compound held a sender report.</summary>
    public bool HasSenderReport { get; init; }

    /// <summary>True when the compound held a receiver report.</summary>
    public bool HasReceiverReport { get; init; }

    /// <summary>True when the compound held a BYE: the client is leaving.</summary>
    public bool HasBye { get; init; }

    /// <summary>True when the compound held a picture loss indication or full intra request (RFC 4585, RFC 5104): the client wants a keyframe.</summary>
    public bool HasKeyframeRequest { get; init; }

    /// <summary>Reception report blocks in the compound, about any source.</summary>
    public int ReportBlockCount { get; init; }

    /// <summary>True when <see cref="Report"/> holds a block (the one about the media SSRC asked for, or else the first).</summary>
    public bool HasReport { get; init; }

    /// <summary>The reception report block about our stream.</summary>
    public ReceptionReport Report { get; init; }
}
