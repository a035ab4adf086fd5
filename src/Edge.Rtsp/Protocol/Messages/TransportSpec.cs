namespace Edge.Rtsp.Protocol.Messages;

/// <summary>
/// One alternative of a <c>Transport</c> header (RFC 2326 12.39): how a client wants a stream
/// delivered, or (in a response) how the server will deliver it.
/// </summary>
public sealed record TransportSpec
{
    /// <summary><c>RTP/AVP</c>: RTP over UDP, the default lower transport.</summary>
    public const string RtpAvp = "RTP/AVP";

    /// <summary><c>RTP/AVP/UDP</c>: RTP over UDP, spelled out.</summary>
    public const string RtpAvpUdp = "RTP/AVP/UDP";

    /// <summary><c>RTP/AVP/TCP</c>: RTP interleaved in the RTSP connection.</summary>
    public const string RtpAvpTcp = "RTP/AVP/TCP";

    /// <summary>The transport protocol, profile and lower transport, upper-cased: <see cref="RtpAvp"/>, <see cref="RtpAvpUdp"/>, <see cref="RtpAvpTcp"/> or another one a client asked for.</summary>
    public string Profile { get; init; } = RtpAvp;

    /// <summary><c>multicast</c> rather than <c>unicast</c> (the default).</summary>
    public bool IsMulticast { get; init; }

    /// <summary><c>destination=</c>: where to send, if not to the client.</summary>
    public string? Destination { get; init; }

    /// <summary><c>source=</c>: where the stream comes from, if not from the RTSP server's address.</summary>
    public string? Source { get; init; }

    /// <summary><c>interleaved=</c>: the RTP and RTCP channels on the RTSP connection.</summary>
    public (int Rtp, int Rtcp)? Interleaved { get; init; }

    /// <summary><c>client_port=</c>: the client's RTP and RTCP ports (a single port means RTCP on the next one).</summary>
    public (int Rtp, int Rtcp)? ClientPorts { get; init; }

    /// <summary><c>server_port=</c>: the server's RTP and RTCP ports.</summary>
    public (int Rtp, int Rtcp)? ServerPorts { get; init; }

    /// <summary><c>port=</c>: the multicast RTP and RTCP ports.</summary>
    public (int Rtp, int Rtcp)? Port { get; init; }

    /// <summary><c>ttl=</c>: multicast time to live.</summary>
    public int? Ttl { get; init; }

    /// <summary><c>ssrc=</c>: the RTP synchronization source.</summary>
    public uint? Ssrc { get; init; }

    /// <summary><c>mode=</c>, unquoted and upper-cased (<c>PLAY</c>, <c>RECORD</c>), or null (meaning PLAY).</summary>
    public string? Mode { get; init; }

    /// <summary>Parameters this type does not model (<c>append</c>, <c>layers</c>, extensions), as received; not written by <see cref="TransportHeader.Format"/>.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> OtherParameters { get; init; } = [];

    /// <summary>True when RTP is to travel interleaved in the RTSP connection.</summary>
    public bool IsTcp => Profile == RtpAvpTcp;

    /// <summary>True for RTP/AVP over UDP or TCP, the profiles Edge serves.</summary>
    public bool IsRtpAvp => Profile is RtpAvp or RtpAvpUdp or RtpAvpTcp;
}
