using System.Net;

namespace Edge.Live;

/// <summary>One live viewer as it stood when it was read, for the status page.</summary>
/// <param name="Camera">The camera watched.</param>
/// <param name="RemoteEndPoint">The viewer's address and port.</param>
/// <param name="Transport">WebSocket (the browser's live view) or HTTP (<c>live.mp4</c>).</param>
/// <param name="StartedAt">When it was admitted.</param>
/// <param name="BytesSent">Bytes of fragmented MP4 sent to it so far (the HTTP and WebSocket framing not counted).</param>
internal sealed record LiveViewerInfo(string Camera, IPEndPoint RemoteEndPoint, LiveTransport Transport, DateTimeOffset StartedAt, long BytesSent);
