using Edge.Media.Streaming;

namespace Edge.Rtsp.Server;

/// <summary>The streams the server can serve, by RTSP path; the daemon backs it with its cameras.</summary>
public interface IRtspStreamCatalog
{
    /// <summary>Finds the hub of the stream at <paramref name="name"/> (a camera's name).</summary>
    bool TryGetStream(string name, out StreamHub hub, out int index);
}
