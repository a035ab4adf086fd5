using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Edge.Network;

/// <summary>
/// The addresses at which a server listening on some address can be reached, for the URLs Edge
/// prints: the first thing a user looks for after installing is "what do I type into VLC or
/// the NVR".
/// </summary>
internal static class ReachableAddresses
{
    /// <summary>
    /// The listen address itself, or for a wildcard listen address every address of this host's
    /// interfaces that are up (IPv6 too for <c>[::]</c>; loopback only when it is all there is).
    /// </summary>
    public static IReadOnlyList<IPAddress> Of(IPAddress listenAddress)
    {
        ArgumentNullException.ThrowIfNull(listenAddress);
        return IPAddress.Any.Equals(listenAddress) || IPAddress.IPv6Any.Equals(listenAddress)
            ? OfThisHost(includeIPv6: listenAddress.AddressFamily == AddressFamily.InterNetworkV6)
            : [listenAddress];
    }

    /// <summary>The addresses of this host's interfaces that are up, loopback only when there is nothing else.</summary>
    public static IReadOnlyList<IPAddress> OfThisHost(bool includeIPv6)
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
            // Not worth failing over: the loopback URL still tells the path and port.
        }
        if (found.Count == 0)
            found.Add(IPAddress.Loopback);
        return found;
    }

    /// <summary>
    /// The address as the host part of a URL: IPv6 in brackets, a link-local zone
    /// (<c>fe80::1%eth0</c>) written <c>%25</c> as RFC 6874 has it.
    /// </summary>
    public static string ForUrl(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address.ToString().Replace("%", "%25", StringComparison.Ordinal)}]" : address.ToString();
    }
}
