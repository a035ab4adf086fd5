using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Edge.Rtsp;

/// <summary>
/// The URLs a client on the network can use for a camera, for the start-up log: the first thing
/// a user looks for after installing is "what do I type into VLC or the NVR".
/// </summary>
internal static class RtspUrls
{
    /// <summary>
    /// <c>rtsp://ADDRESS:PORT/NAME</c> for each address the server can be reached at: the
    /// listen address itself, or for a wildcard listen address every address of this host's
    /// interfaces that are up (loopback last, and only when it is all there is).
    /// </summary>
    public static IReadOnlyList<string> For(IPAddress listenAddress, int port, string camera)
    {
        var addresses = IPAddress.Any.Equals(listenAddress) || IPAddress.IPv6Any.Equals(listenAddress)
            ? HostAddresses(includeIPv6: listenAddress.AddressFamily == AddressFamily.InterNetworkV6)
            : [listenAddress];
        return addresses.Select(a => $"rtsp://{Format(a)}:{port}/{camera}").ToArray();
    }

    /// <summary>The addresses of this host's interfaces that are up, loopback only when there is nothing else.</summary>
    internal static List<IPAddress> HostAddresses(bool includeIPv6)
    {
        var found = new List<IPAddress>();
        try
        {
            foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
            {
                if (nic.OperationalStatus is not (OperationalStatus.Up or OperationalStatus.Unknown) || nic.NetworkInterfaceType == NetworkInterfaceType.Loopback)
                    continue;
                foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
                {
                    var address = unicast.Address;
                    if (address.AddressFamily == AddressFamily.InterNetwork || (includeIPv6 && address.AddressFamily == AddressFamily.InterNetworkV6 && !address.IsIPv6LinkLocal))
                        found.Add(address);
                }
            }
        }
        catch (NetworkInformationException)
        {
            // Not worth failing over: the loopback URL below still tells the path and port.
        }
        if (found.Count == 0)
            found.Add(IPAddress.Loopback);
        return found;
    }

    private static string Format(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
}
