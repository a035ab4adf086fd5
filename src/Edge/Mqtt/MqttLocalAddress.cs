using System.Net;
using System.Net.Sockets;

namespace Edge.Mqtt;

/// <summary>
/// The address of this machine on the route to the broker: Home Assistant, which uses the same
/// broker, most likely reaches this box there too, so the URLs published (snapshots, RTSP) use it
/// when a server listens on every address.
/// </summary>
internal static class MqttLocalAddress
{
    /// <summary>
    /// Connecting a UDP socket sends nothing; it only makes the kernel pick the route and the
    /// source address. Loopback when the broker cannot be resolved or routed.
    /// </summary>
    public static async Task<IPAddress> TowardAsync(string host, int port, CancellationToken cancellationToken)
    {
        try
        {
            var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
            foreach (var address in addresses)
            {
                try
                {
                    using var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                    socket.Connect(new IPEndPoint(address, port));
                    if (socket.LocalEndPoint is IPEndPoint local)
                        return local.Address;
                }
                catch (SocketException)
                {
                    // No route this way; try the next address.
                }
            }
        }
        catch (SocketException)
        {
            // The name does not resolve now; the connection attempt will say so.
        }
        return IPAddress.Loopback;
    }
}
