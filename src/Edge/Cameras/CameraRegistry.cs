using System.Collections.Immutable;
using Edge.Config;
using Edge.Media.Streaming;
using Edge.Rtsp.Server;
using Microsoft.Extensions.Logging;

namespace Edge.Cameras;

/// <summary>
/// The stream hub of every running camera, by name. A hub lives as long as its camera's name is
/// in the config, so an RTSP client or a push stays subscribed while the camera's pipeline is
/// restarted beneath it (a fault, the button, a reload that changes the camera's settings).
/// </summary>
/// <remarks>
/// Readers (RTSP requests, the web, metrics) take the current snapshot without a lock; a reload
/// that adds or removes a camera replaces it. A removed camera's hub is completed, which ends
/// every reader of it, and its path is unknown from then on.
/// </remarks>
internal sealed class CameraRegistry : IRtspStreamCatalog, IDisposable
{
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly Lock _writeLock = new();
    private ImmutableDictionary<string, Entry> _entries = ImmutableDictionary.Create<string, Entry>(StringComparer.Ordinal);
    private int _nextIndex;

    public CameraRegistry(EdgeConfig config, TimeProvider time, ILoggerFactory loggers)
    {
        _time = time;
        _loggers = loggers;
        foreach (var camera in config.Cameras)
            Add(camera.Name);
    }

    /// <summary>Every running camera's name, in config order (cameras a reload added last).</summary>
    public IReadOnlyCollection<string> Names => Hubs.Select(hub => hub.Name).ToArray();

    /// <summary>Every running camera's hub (its name is <see cref="StreamHub.Name"/>), as one consistent set, in config order.</summary>
    public IReadOnlyCollection<StreamHub> Hubs => Volatile.Read(ref _entries).Values.OrderBy(e => e.Index).Select(e => e.Hub).ToArray();

    public bool TryGet(string name, out StreamHub hub)
    {
        var found = Volatile.Read(ref _entries).TryGetValue(name, out var entry);
        hub = entry?.Hub!;
        return found;
    }

    public StreamHub Get(string name) => TryGet(name, out var hub) ? hub : throw new KeyNotFoundException($"no camera named \"{name}\"");

    /// <summary>The RTSP path of a camera is its name; its index picks its multicast group.</summary>
    public bool TryGetStream(string name, out StreamHub hub, out int index)
    {
        var found = Volatile.Read(ref _entries).TryGetValue(name, out var entry);
        hub = entry?.Hub!;
        index = entry?.Index ?? 0;
        return found;
    }

    /// <summary>
    /// Makes the hub of a camera that a reload added. Its index comes after every index given
    /// out before, so a camera never takes over the multicast group of one that is still served.
    /// </summary>
    public StreamHub Add(string name)
    {
        lock (_writeLock)
        {
            var hub = new StreamHub(name, StreamHubOptions.Default, _time, _loggers.CreateLogger("Edge.Hub." + name));
            _entries = _entries.Add(name, new Entry(hub, _nextIndex++));
            return hub;
        }
    }

    /// <summary>Forgets a camera that a reload removed and completes its hub, which ends its readers.</summary>
    public void Remove(string name)
    {
        Entry? entry;
        lock (_writeLock)
        {
            if (!_entries.TryGetValue(name, out entry))
                return;
            _entries = _entries.Remove(name);
        }
        entry.Hub.Dispose();
    }

    public void Dispose()
    {
        foreach (var entry in Volatile.Read(ref _entries).Values)
            entry.Hub.Dispose();
    }

    private sealed record Entry(StreamHub Hub, int Index);
}
