using System.Net;
using Edge.Auth;
using Edge.Rtsp.Protocol.Auth;

namespace Edge.Rtsp.Server;

/// <summary>
/// Everything an <see cref="RtspServer"/> is told: where to listen, which transports to offer,
/// who may watch, and its limits. Immutable; <see cref="Validate"/> (called by the server) checks
/// the values the server cannot work with.
/// </summary>
public sealed record RtspServerOptions
{
    /// <summary>The TCP endpoint for RTSP; port 0 picks a free one. The UDP ports bind on the same address.</summary>
    public IPEndPoint Listen { get; init; } = new(IPAddress.Any, 8554);

    /// <summary>The name in each stream's SDP session line, before the stream's own name.</summary>
    public string DeviceName { get; init; } = "edge";

    public RtpTransports Transports { get; init; } = RtpTransports.Udp | RtpTransports.Tcp | RtpTransports.Multicast;

    public RtspAuthScheme AuthScheme { get; init; } = RtspAuthScheme.None;

    /// <summary>The users allowed in when <see cref="AuthScheme"/> is not <see cref="RtspAuthScheme.None"/>.</summary>
    public IReadOnlyList<UserCredential> Users { get; init; } = [];

    /// <summary>Realm shown in authentication challenges (and, for Digest, part of the hash).</summary>
    public string Realm { get; init; } = "edge";

    /// <summary>Most connections served at once, and most sessions; further ones are refused with 503.</summary>
    public int MaxClients { get; init; } = 100;

    /// <summary>A session with no RTCP or keep-alive for this long is closed.</summary>
    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Most RTP payload bytes per packet; larger NAL units are split into FU-A fragments.</summary>
    public int RtpPayloadSize { get; init; } = 1400;

    /// <summary>Server port for RTP over UDP, shared by every session (RTCP uses the next one).</summary>
    public int UdpRtpPort { get; init; } = 8000;

    /// <summary>The first multicast group: stream N goes to this address plus N. Null: no multicast groups.</summary>
    public IPAddress? MulticastAddress { get; init; } = IPAddress.Parse("239.255.42.1");

    /// <summary>RTP port of the multicast groups (RTCP uses the next one).</summary>
    public int MulticastPort { get; init; } = 8002;

    /// <summary>Hop limit for multicast packets; 1 keeps them on the local network.</summary>
    public int MulticastTtl { get; init; } = 1;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first value the server cannot work with.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Listen, nameof(Listen));
        ArgumentNullException.ThrowIfNull(DeviceName, nameof(DeviceName));
        ArgumentNullException.ThrowIfNull(Users, nameof(Users));
        ArgumentNullException.ThrowIfNull(Realm, nameof(Realm));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxClients, 1, nameof(MaxClients));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(SessionTimeout, TimeSpan.Zero, nameof(SessionTimeout));
        // Below 100 bytes FU-A fragments are mostly headers; above 65000 a packet no longer fits a datagram.
        ArgumentOutOfRangeException.ThrowIfLessThan(RtpPayloadSize, 100, nameof(RtpPayloadSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(RtpPayloadSize, 65000, nameof(RtpPayloadSize));
        // The RTCP port is the next one, so the RTP port is a fixed one up to 65534.
        ArgumentOutOfRangeException.ThrowIfLessThan(UdpRtpPort, 1, nameof(UdpRtpPort));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(UdpRtpPort, 65534, nameof(UdpRtpPort));
        ArgumentOutOfRangeException.ThrowIfLessThan(MulticastPort, 1, nameof(MulticastPort));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MulticastPort, 65534, nameof(MulticastPort));
        ArgumentOutOfRangeException.ThrowIfLessThan(MulticastTtl, 1, nameof(MulticastTtl));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MulticastTtl, 255, nameof(MulticastTtl));
        if (MulticastAddress is { } group && !(group.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && group.GetAddressBytes()[0] is >= 224 and <= 239))
            throw new ArgumentException($"The first multicast group must be an IPv4 multicast address (224.0.0.0 to 239.255.255.255), got {group}.", nameof(MulticastAddress));
        if (AuthScheme != RtspAuthScheme.None && Users.Count == 0)
            throw new ArgumentException($"{AuthScheme} authentication needs at least one user.", nameof(Users));
    }

    /// <summary>Never prints the passwords (the users print themselves without them).</summary>
    public override string ToString() =>
        $"RtspServerOptions {{ Listen = {Listen}, Transports = {Transports}, AuthScheme = {AuthScheme}, Users = [{string.Join(", ", Users.Select(u => u.Name))}], MaxClients = {MaxClients} }}";
}
