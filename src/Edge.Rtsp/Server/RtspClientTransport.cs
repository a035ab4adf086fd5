namespace Edge.Rtsp.Server;

/// <summary>How one playing session's packets reach its client, as a status page names it.</summary>
public enum RtspClientTransport
{
    /// <summary>RTP and RTCP over UDP to the client's own ports.</summary>
    Udp,

    /// <summary>RTP and RTCP interleaved in the RTSP connection (TCP).</summary>
    TcpInterleaved,

    /// <summary>The client listens to the camera's multicast group.</summary>
    Multicast,
}
