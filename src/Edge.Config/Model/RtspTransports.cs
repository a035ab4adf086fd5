namespace Edge.Config;

/// <summary>The RTP transports the RTSP server offers.</summary>
[Flags]
public enum RtspTransports
{
    None = 0,
    Udp = 1,
    Tcp = 2,
    Multicast = 4,
}
