using System.Net;

namespace Edge.Rtsp.Server;

/// <summary>One playing RTSP session as it stood when it was read: a copy, safe to keep and show.</summary>
/// <param name="Path">The stream played (a camera's name, the RTSP path without its slash).</param>
/// <param name="RemoteEndPoint">The client's address and port: those of the RTSP connection that set the session up.</param>
/// <param name="Transport">How the packets travel.</param>
/// <param name="StartedAt">When playing began (PLAY), on the server's clock.</param>
/// <param name="BytesSent">
/// RTP and RTCP bytes sent to this client since PLAY, with the 4-byte interleaved framing on TCP;
/// for a multicast session, what the group sent since this client joined it.
/// </param>
public sealed record RtspSessionInfo(string Path, IPEndPoint RemoteEndPoint, RtspClientTransport Transport, DateTimeOffset StartedAt, long BytesSent);
