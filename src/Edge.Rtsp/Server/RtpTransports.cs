namespace Edge.Rtsp.Server;

/// <summary>The RTP transports the RTSP server offers in SETUP.</summary>
[Flags]
public enum RtpTransports
{
    None = 0,

    /// <summary>RTP and RTCP over the server's two shared UDP ports.</summary>
    Udp = 1,

    /// <summary>RTP and RTCP interleaved in the RTSP connection.</summary>
    Tcp = 2,

    /// <summary>One multicast group per stream.</summary>
    Multicast = 4,
}
