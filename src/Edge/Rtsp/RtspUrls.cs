using System.Net;
using Edge.Network;

namespace Edge.Rtsp;

/// <summary>The RTSP URLs a client on the network can use for a camera, for the start-up log.</summary>
internal static class RtspUrls
{
    /// <summary><c>rtsp://ADDRESS:PORT/NAME</c> for each address the server can be reached at (<see cref="ReachableAddresses.Of"/>).</summary>
    public static IReadOnlyList<string> For(IPAddress listenAddress, int port, string camera) =>
        ReachableAddresses.Of(listenAddress).Select(a => $"rtsp://{ReachableAddresses.ForUrl(a)}:{port}/{camera}").ToArray();
}
