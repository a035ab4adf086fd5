using Edge.Config;
using Edge.Media.Streaming;
using Edge.Rtsp.Server;
using Microsoft.Extensions.Logging;

namespace Edge.Cameras;

/// <summary>
/// The stream hub of every configured camera, by name. Hubs live as long as the process, so an
/// RTSP client or a push stays subscribed while a camera's pipeline is restarted beneath it.
/// </summary>
internal sealed class CameraRegistry : IRtspStreamCatalog, IDisposable
{
    private readonly Dictionary<string, StreamHub> _hubs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _indexes = new(StringComparer.Ordinal);

    public CameraRegistry(EdgeConfig config, TimeProvider time, ILoggerFactory loggers)
    {
        foreach (var camera in config.Cameras)
        {
            _indexes.Add(camera.Name, _hubs.Count);
            _hubs.Add(camera.Name, new StreamHub(camera.Name, StreamHubOptions.Default, time, loggers.CreateLogger("Edge.Hub." + camera.Name)));
        }
    }

    public IReadOnlyCollection<string> Names => _hubs.Keys;

    public bool TryGet(string name, out StreamHub hub) => _hubs.TryGetValue(name, out hub!);

    public StreamHub Get(string name) => _hubs[name];

    /// <summary>The RTSP path of a camera is its name; its index picks its multicast group.</summary>
    public bool TryGetStream(string name, out StreamHub hub, out int index)
    {
        index = _indexes.GetValueOrDefault(name);
        return _hubs.TryGetValue(name, out hub!);
    }

    public void Dispose()
    {
        foreach (var hub in _hubs.Values)
            hub.Dispose();
    }
}
