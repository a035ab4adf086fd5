namespace Edge.Config;

/// <summary><c>[rtsp]</c>: the LAN-facing RTSP server.</summary>
public sealed record RtspConfig
{
    public ListenEndpoint Listen { get; init; } = new("0.0.0.0", 8554);

    public RtspTransports Transports { get; init; } = RtspTransports.Udp | RtspTransports.Tcp | RtspTransports.Multicast;

    public RtspAuthMode Auth { get; init; } = RtspAuthMode.None;

    public IReadOnlyList<UserConfig> Users { get; init; } = [];

    /// <summary>Realm shown in authentication challenges.</summary>
    public string Realm { get; init; } = "edge";

    /// <summary>Most RTSP connections served at once, and most sessions; further ones are refused with 503.</summary>
    public int MaxClients { get; init; } = 100;

    /// <summary>A session with no RTCP or keep-alive for this long is closed.</summary>
    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Most RTP payload bytes per packet; larger NAL units are split into FU-A fragments.</summary>
    public int RtpPayloadSize { get; init; } = 1400;

    /// <summary>Server port for RTP over UDP, shared by every session (RTCP uses the next one).</summary>
    public int UdpRtpPort { get; init; } = 8000;

    /// <summary>First multicast group; camera N streams to this address plus N.</summary>
    public string MulticastAddress { get; init; } = "239.255.42.1";

    /// <summary>RTP port of the multicast groups (RTCP uses the next one).</summary>
    public int MulticastPort { get; init; } = 8002;

    /// <summary>Hop limit for multicast packets; 1 keeps them on the local network.</summary>
    public int MulticastTtl { get; init; } = 1;
}
