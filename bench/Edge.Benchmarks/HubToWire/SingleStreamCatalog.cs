using Edge.Media.Streaming;
using Edge.Rtsp.Server;

namespace Edge.Benchmarks.HubToWire;

/// <summary>The server's one stream: <paramref name="stream"/> at <c>rtsp://HOST:PORT/NAME</c>, NAME being the hub's.</summary>
public sealed class SingleStreamCatalog(StreamHub stream) : IRtspStreamCatalog
{
    public bool TryGetStream(string name, out StreamHub hub, out int index)
    {
        hub = stream;
        index = 0;
        return name == stream.Name;
    }
}
