using System.Net;
using System.Net.Sockets;
using Edge.Auth;
using Edge.Config;
using Edge.Rtsp.Protocol.Auth;
using Edge.Rtsp.Server;

namespace Edge.Rtsp;

/// <summary>
/// <c>[rtsp]</c> → the RTSP library's options, and the library's errors → what to change in
/// edge.toml. The library knows nothing of the config file; this is the one place that knows both.
/// </summary>
internal static class RtspConfigMapping
{
    public static RtspServerOptions ToOptions(RtspConfig config, string deviceName)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(deviceName);
        return new RtspServerOptions
        {
            Listen = new IPEndPoint(config.Listen.ToIPAddress(), config.Listen.Port),
            DeviceName = deviceName,
            Transports = ToTransports(config.Transports),
            AuthScheme = config.Auth switch
            {
                RtspAuthMode.Basic => RtspAuthScheme.Basic,
                RtspAuthMode.Digest => RtspAuthScheme.Digest,
                _ => RtspAuthScheme.None,
            },
            Users = [.. config.Users.Select(u => new UserCredential(u.Name, u.Password))],
            Realm = config.Realm,
            MaxClients = config.MaxClients,
            SessionTimeout = config.SessionTimeout,
            RtpPayloadSize = config.RtpPayloadSize,
            UdpRtpPort = config.UdpRtpPort,
            // The config checked it is an IPv4 multicast address; an unparsable one means no groups.
            MulticastAddress = IPAddress.TryParse(config.MulticastAddress, out var group) ? group : null,
            MulticastPort = config.MulticastPort,
            MulticastTtl = config.MulticastTtl,
        };
    }

    /// <summary>A port the server could not bind, said with the key to change and, when known, the file it is in.</summary>
    public static string Explain(RtspBindException error, RtspConfig config, string? configFile)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(config);
        var where = configFile is null ? "" : $" in {configFile}";
        var taken = error.SocketError == SocketError.AddressAlreadyInUse;
        return error.Target switch
        {
            RtspBindTarget.UdpPorts =>
                $"cannot bind UDP port {error.EndPoint.Port} for RTP/RTCP ({error.SocketError}){(taken ? "; another program uses it" : "")}. " +
                $"Set rtsp.udp_rtp_port{where} to a free even port, or remove \"udp\" from rtsp.transports",
            _ => $"cannot listen for RTSP on {config.Listen} ({error.SocketError}): {(taken ? "another program uses the port; " : "")}change rtsp.listen{where}",
        };
    }

    private static RtpTransports ToTransports(RtspTransports transports) =>
        (transports.HasFlag(RtspTransports.Udp) ? RtpTransports.Udp : RtpTransports.None) |
        (transports.HasFlag(RtspTransports.Tcp) ? RtpTransports.Tcp : RtpTransports.None) |
        (transports.HasFlag(RtspTransports.Multicast) ? RtpTransports.Multicast : RtpTransports.None);
}
