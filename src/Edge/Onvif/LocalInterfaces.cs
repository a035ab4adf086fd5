using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Edge.Onvif.Discovery;

namespace Edge.Onvif;

/// <summary>This box's network interfaces as ONVIF reports them and discovery uses them (loopback left out).</summary>
internal static class LocalInterfaces
{
    public static IReadOnlyList<OnvifNetworkInterface> ForOnvif()
    {
        var found = new List<OnvifNetworkInterface>();
        foreach (var nic in Up())
        {
            var properties = nic.GetIPProperties();
            var ipv4 = properties.UnicastAddresses
                .Where(u => u.Address.AddressFamily == AddressFamily.InterNetwork)
                .Select(u => (u.Address.ToString(), u.PrefixLength))
                .ToArray();
            var mtu = properties.GetIPv4Properties()?.Mtu ?? 1500;
            found.Add(new OnvifNetworkInterface(nic.Name, Mac(nic) ?? "00:00:00:00:00:00", mtu, ipv4));
        }
        return found;
    }

    /// <summary>The interfaces with an IPv4 address that take multicast: where discovery listens and announces.</summary>
    public static IReadOnlyList<DiscoveryInterface> ForDiscovery()
    {
        var found = new List<DiscoveryInterface>();
        foreach (var nic in Up())
        {
            if (!nic.SupportsMulticast)
                continue;
            var properties = nic.GetIPProperties();
            var address = properties.UnicastAddresses.Select(u => u.Address).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork);
            if (address is null || properties.GetIPv4Properties() is not { } ipv4)
                continue;
            found.Add(new DiscoveryInterface(nic.Name, ipv4.Index, address));
        }
        return found;
    }

    /// <summary>The MAC of the first interface that is up and has an IPv4 address (the one an NVR most likely sees), or of any, or null.</summary>
    public static string? PrimaryMac()
    {
        var up = Up().ToArray();
        var withAddress = up.FirstOrDefault(n => n.GetIPProperties().UnicastAddresses.Any(u => u.Address.AddressFamily == AddressFamily.InterNetwork) && Mac(n) is not null);
        return Mac(withAddress ?? up.FirstOrDefault(n => Mac(n) is not null));
    }

    private static IEnumerable<NetworkInterface> Up()
    {
        NetworkInterface[] all;
        try
        {
            all = NetworkInterface.GetAllNetworkInterfaces();
        }
        catch (NetworkInformationException)
        {
            return [];
        }
        return all.Where(n => n.NetworkInterfaceType != NetworkInterfaceType.Loopback
            && n.OperationalStatus is OperationalStatus.Up or OperationalStatus.Unknown);
    }

    private static string? Mac(NetworkInterface? nic)
    {
        var bytes = nic?.GetPhysicalAddress().GetAddressBytes();
        if (bytes is not { Length: 6 } || bytes.All(b => b == 0))
            return null;
        return string.Join(':', bytes.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>The URL host for an address (IPv6 in brackets).</summary>
    public static string UrlHost(IPAddress address) => Network.ReachableAddresses.ForUrl(address);
}
