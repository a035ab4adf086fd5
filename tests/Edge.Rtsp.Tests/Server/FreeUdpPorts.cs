using System.Net;
using System.Net.Sockets;

namespace Edge.Rtsp.Tests.Server;

internal static class FreeUdpPorts
{
    /// <summary>An even port whose next one is free too, for the server's RTP and RTCP.</summary>
    public static int Pair()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            int port;
            using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
            {
                probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                port = ((IPEndPoint)probe.LocalEndPoint!).Port & ~1;
            }
            try
            {
                using var rtpSocket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                using var rtcpSocket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                rtpSocket.Bind(new IPEndPoint(IPAddress.Any, port));
                rtcpSocket.Bind(new IPEndPoint(IPAddress.Any, port + 1));
                return port;
            }
            catch (SocketException)
            {
            }
        }
        throw new InvalidOperationException("no free pair of UDP ports");
    }
}
