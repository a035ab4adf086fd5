using System.Net;

namespace Edge.Onvif.Discovery;

/// <summary>A network interface discovery runs on: its index (for multicast membership and outgoing multicast) and its IPv4 address.</summary>
public sealed record DiscoveryInterface(string Name, int Index, IPAddress Address);
