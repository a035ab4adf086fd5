using System.Net;
using System.Net.Sockets;

namespace Edge.Rtsp.Server;

/// <summary>
/// The server's two UDP ports (RTP, RTCP), shared by every unicast session so that a firewall
/// needs only these open. RTCP from clients arrives on the second and keeps their sessions alive.
/// </summary>
internal sealed class UdpPortPair : IDisposable
{
    private UdpPortPair(Socket rtp, Socket rtcp, int rtpPort)
    {
        Rtp = rtp;
        Rtcp = rtcp;
        RtpPort = rtpPort;
        RtpSender = new SharedUdpSender(rtp);
        RtcpSender = new SharedUdpSender(rtcp);
    }

    public Socket Rtp { get; }

    /// <summary>Receives the clients' RTCP (receiver reports, BYE).</summary>
    public Socket Rtcp { get; }

    /// <summary>Every unicast session's RTP goes out through this.</summary>
    public SharedUdpSender RtpSender { get; }

    /// <summary>Every unicast session's sender reports go out through this.</summary>
    public SharedUdpSender RtcpSender { get; }

    public int RtpPort { get; }

    public int RtcpPort => RtpPort + 1;

    /// <summary>Binds both ports on <paramref name="address"/>; an <see cref="RtspBindException"/> names the port when one is taken.</summary>
    public static UdpPortPair Bind(IPAddress address, int rtpPort)
    {
        var rtp = Open(address, rtpPort);
        try
        {
            var rtcp = Open(address, rtpPort + 1);
            return new UdpPortPair(rtp, rtcp, rtpPort);
        }
        catch
        {
            rtp.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Rtp.Dispose();
        Rtcp.Dispose();
    }

    private static Socket Open(IPAddress address, int port)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (address.AddressFamily == AddressFamily.InterNetworkV6)
                socket.DualMode = true;
            // A camera at 1080p30 sends ~1 MB/s per client; a larger send buffer rides out bursts at IDRs.
            socket.SendBufferSize = 1 << 20;
            socket.Bind(new IPEndPoint(address, port));
            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new RtspBindException(RtspBindTarget.UdpPorts, new IPEndPoint(address, port), e);
        }
    }
}
