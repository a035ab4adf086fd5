using System.Net;
using Edge.Live;
using Edge.Rtsp.Server;

namespace Edge.Status;

/// <summary>One client watching a camera, as the status page shows it.</summary>
/// <param name="Address">Its address and port ("192.168.1.20:50514", "[fe80::1]:50514").</param>
/// <param name="Transport">How it gets the pictures.</param>
/// <param name="Since">When it began watching.</param>
/// <param name="BytesSent">Bytes sent to it so far.</param>
internal sealed record ClientStatus(string Address, ClientTransport Transport, DateTimeOffset Since, long BytesSent)
{
    public static ClientStatus From(RtspSessionInfo session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var transport = session.Transport switch
        {
            RtspClientTransport.TcpInterleaved => ClientTransport.RtspTcp,
            RtspClientTransport.Multicast => ClientTransport.RtspMulticast,
            _ => ClientTransport.RtspUdp,
        };
        return new ClientStatus(AddressOf(session.RemoteEndPoint), transport, session.StartedAt, session.BytesSent);
    }

    public static ClientStatus From(LiveViewerInfo viewer)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var transport = viewer.Transport == LiveTransport.WebSocket ? ClientTransport.WebSocket : ClientTransport.Http;
        return new ClientStatus(AddressOf(viewer.RemoteEndPoint), transport, viewer.StartedAt, viewer.BytesSent);
    }

    /// <summary>Stable names for the API: rtsp-udp, rtsp-tcp, rtsp-multicast, websocket, http.</summary>
    public static string TransportName(ClientTransport transport) => transport switch
    {
        ClientTransport.RtspUdp => "rtsp-udp",
        ClientTransport.RtspTcp => "rtsp-tcp",
        ClientTransport.RtspMulticast => "rtsp-multicast",
        ClientTransport.WebSocket => "websocket",
        ClientTransport.Http => "http",
        _ => "unknown",
    };

    /// <summary>What a person reads: "RTSP over UDP", "browser live view (WebSocket)".</summary>
    public static string TransportLabel(ClientTransport transport) => transport switch
    {
        ClientTransport.RtspUdp => "RTSP over UDP",
        ClientTransport.RtspTcp => "RTSP over TCP (interleaved)",
        ClientTransport.RtspMulticast => "RTSP multicast",
        ClientTransport.WebSocket => "browser live view (WebSocket)",
        ClientTransport.Http => "live.mp4 over HTTP",
        _ => "unknown",
    };

    /// <summary>IPv4 clients of a dual-stack socket as plain IPv4.</summary>
    private static string AddressOf(IPEndPoint endPoint) =>
        endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port).ToString() : endPoint.ToString();
}
