using System.Net;
using System.Net.Sockets;

namespace Edge.EndToEnd.Tests.Support;

/// <summary>Free loopback ports for a test's edge instance.</summary>
internal static class Ports
{
    private static int _next = 20000 + (Environment.ProcessId % 200) * 100;

    /// <summary>An even port whose next port is free too (RTP/RTCP pairs), and free for TCP as well.</summary>
    public static int NextPair()
    {
        while (true)
        {
            var port = Interlocked.Add(ref _next, 2);
            if (port > 60000)
                Interlocked.Exchange(ref _next, 20000);
            if (IsFree(port) && IsFree(port + 1))
                return port;
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(IPAddress.Loopback, port));
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
