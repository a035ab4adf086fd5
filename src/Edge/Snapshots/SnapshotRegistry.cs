using Edge.Cameras;
using Edge.Config;
using Edge.Media.Health;
using Microsoft.Extensions.Logging;

namespace Edge.Snapshots;

/// <summary>The snapshots of every configured camera, by name; lives as long as the process, like the hubs.</summary>
internal sealed class SnapshotRegistry : IAsyncDisposable
{
    private readonly Dictionary<string, CameraSnapshots> _cameras = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    public SnapshotRegistry(EdgeConfig config, CameraRegistry hubs, HealthModel health, TimeProvider time, ILoggerFactory loggers)
    {
        var log = loggers.CreateLogger("Edge.Snapshots");
        foreach (var camera in config.Cameras)
            _cameras.Add(camera.Name, new CameraSnapshots(camera.Name, hubs.Get(camera.Name), health, time, log, _stopping.Token));
    }

    public IReadOnlyCollection<string> Names => _cameras.Keys;

    public bool TryGet(string name, out CameraSnapshots camera) => _cameras.TryGetValue(name, out camera!);

    /// <summary>Where the raw pipeline of camera <paramref name="name"/> offers its frames.</summary>
    public RawFrameTap TapOf(string name) => _cameras[name].Tap;

    /// <summary>The path a camera's snapshot is served on.</summary>
    public static string PathOf(string name) => $"/cameras/{Uri.EscapeDataString(name)}/snapshot.jpg";

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var camera in _cameras.Values)
            await camera.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }
}
