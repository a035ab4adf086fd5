using System.Collections.Immutable;
using Edge.Cameras;
using Edge.Config;
using Edge.Media.Health;
using Microsoft.Extensions.Logging;

namespace Edge.Snapshots;

/// <summary>The snapshots of every running camera, by name; a camera's snapshots live as long as its hub.</summary>
internal sealed class SnapshotRegistry : IAsyncDisposable
{
    private readonly CameraRegistry _hubs;
    private readonly HealthModel _health;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly Lock _writeLock = new();
    private ImmutableDictionary<string, CameraSnapshots> _cameras = ImmutableDictionary.Create<string, CameraSnapshots>(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    public SnapshotRegistry(EdgeConfig config, CameraRegistry hubs, HealthModel health, TimeProvider time, ILoggerFactory loggers)
    {
        _hubs = hubs;
        _health = health;
        _time = time;
        _log = loggers.CreateLogger("Edge.Snapshots");
        foreach (var camera in config.Cameras)
            Add(camera.Name);
    }

    /// <summary>The cameras with snapshots, in the camera registry's (config) order.</summary>
    public IReadOnlyCollection<string> Names
    {
        get
        {
            var cameras = Volatile.Read(ref _cameras);
            return _hubs.Names.Where(cameras.ContainsKey).ToArray();
        }
    }

    public bool TryGet(string name, out CameraSnapshots camera) => Volatile.Read(ref _cameras).TryGetValue(name, out camera!);

    /// <summary>Where the raw pipeline of camera <paramref name="name"/> offers its frames.</summary>
    public RawFrameTap TapOf(string name) => Volatile.Read(ref _cameras)[name].Tap;

    /// <summary>The snapshots of a camera whose hub was just added to the camera registry.</summary>
    public void Add(string name)
    {
        lock (_writeLock)
            _cameras = _cameras.Add(name, new CameraSnapshots(name, _hubs.Get(name), _health, _time, _log, _stopping.Token));
    }

    /// <summary>Forgets a removed camera's snapshots and stops decoding its pictures.</summary>
    public async Task RemoveAsync(string name)
    {
        CameraSnapshots? camera;
        lock (_writeLock)
        {
            if (!_cameras.TryGetValue(name, out camera))
                return;
            _cameras = _cameras.Remove(name);
        }
        await camera.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The path a camera's snapshot is served on.</summary>
    public static string PathOf(string name) => $"/cameras/{Uri.EscapeDataString(name)}/snapshot.jpg";

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var camera in Volatile.Read(ref _cameras).Values)
            await camera.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }
}
