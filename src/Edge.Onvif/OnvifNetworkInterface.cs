namespace Edge.Onvif;

/// <summary>A network interface as GetNetworkInterfaces reports it.</summary>
/// <param name="Name">Its name, like <c>eth0</c>; also its token.</param>
/// <param name="MacAddress">The hardware address as <c>aa:bb:cc:dd:ee:ff</c>.</param>
/// <param name="Mtu">Its MTU.</param>
/// <param name="IPv4">Its IPv4 addresses with their prefix lengths.</param>
public sealed record OnvifNetworkInterface(string Name, string MacAddress, int Mtu, IReadOnlyList<(string Address, int PrefixLength)> IPv4);
