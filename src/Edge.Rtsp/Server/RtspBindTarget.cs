namespace Edge.Rtsp.Server;

/// <summary>Which of the server's sockets could not be bound.</summary>
public enum RtspBindTarget
{
    /// <summary>The TCP port RTSP listens on.</summary>
    Listener,

    /// <summary>The pair of shared UDP ports for RTP and RTCP.</summary>
    UdpPorts,
}
