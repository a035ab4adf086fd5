namespace Edge.Status;

/// <summary>How a client watching a camera gets its pictures.</summary>
internal enum ClientTransport
{
    RtspUdp,
    RtspTcp,
    RtspMulticast,
    WebSocket,
    Http,
}
