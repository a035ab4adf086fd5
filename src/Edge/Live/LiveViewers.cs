using System.Collections.Concurrent;
using System.Net;
using Edge.Cameras;
using Edge.Media.Health;
using Edge.Media.Streaming;

namespace Edge.Live;

/// <summary>
/// Who may watch which camera live: the camera must exist and stream, and at most
/// <see cref="MaxPerCamera"/> viewers (<c>[http] live_viewers_per_camera</c>) watch one camera at
/// a time, so browsers left open cannot make Edge copy a stream without bound. Who watches is
/// listed for the status page.
/// </summary>
internal sealed class LiveViewers
{
    private readonly CameraRegistry _hubs;
    private readonly HealthModel _health;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, ViewerCount> _counts = new(StringComparer.Ordinal); // under its own lock
    private readonly ConcurrentDictionary<LiveViewer, byte> _watching = new();

    public LiveViewers(CameraRegistry hubs, HealthModel health, int maxPerCamera, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPerCamera, 1);
        MaxPerCamera = maxPerCamera;
        _hubs = hubs;
        _health = health;
        _time = time;
    }

    /// <summary>Viewers of one camera at a time; the next one is answered 503.</summary>
    public int MaxPerCamera { get; }

    public IReadOnlyCollection<string> Names => _hubs.Names;

    /// <summary>Viewers watching camera <paramref name="name"/> now.</summary>
    public int CountOf(string name)
    {
        lock (_counts)
            return _counts.TryGetValue(name, out var count) ? Volatile.Read(ref count.Value) : 0;
    }

    /// <summary>Every viewer watching now, the longest-watching first.</summary>
    public IReadOnlyList<LiveViewerInfo> Watching() =>
        [.. _watching.Keys.Select(v => v.Describe()).OrderBy(v => v.StartedAt)];

    /// <summary>Admits one viewer at <paramref name="remote"/> of camera <paramref name="name"/>, or says why not.</summary>
    public Admission TryAdmit(string name, IPEndPoint remote, LiveTransport transport)
    {
        if (!_hubs.TryGet(name, out var hub))
            return Admission.Refused(AdmissionRefusal.UnknownCamera, $"no camera named \"{name}\"; the cameras are: {string.Join(", ", _hubs.Names)}");
        if (CameraAvailability.NotStreamingReason(_health, name) is { } reason)
            return Admission.Refused(AdmissionRefusal.NotStreaming, reason);
        ViewerCount? count;
        lock (_counts)
        {
            // Made on first use, so a camera added by a reload is counted like the others.
            if (!_counts.TryGetValue(name, out count))
                _counts.Add(name, count = new ViewerCount());
        }
        if (Interlocked.Increment(ref count.Value) > MaxPerCamera)
        {
            Interlocked.Decrement(ref count.Value);
            return Admission.Refused(AdmissionRefusal.TooManyViewers, $"camera {name} already has {MaxPerCamera} live viewers; try again later, or use its snapshot.jpg");
        }
        var viewer = new LiveViewer(name, remote, transport, _time.GetUtcNow(), leaving =>
        {
            _watching.TryRemove(leaving, out _);
            Interlocked.Decrement(ref count.Value);
        });
        _watching[viewer] = 0;
        return new Admission(hub, null, "", viewer);
    }

    /// <summary>The outcome of <see cref="TryAdmit"/>: a hub and the viewer to dispose when it leaves, or a refusal.</summary>
    public readonly record struct Admission(StreamHub? Hub, AdmissionRefusal? Refusal, string Reason, LiveViewer? Viewer)
    {
        public static Admission Refused(AdmissionRefusal refusal, string reason) => new(null, refusal, reason, null);
    }

    private sealed class ViewerCount
    {
        public int Value;
    }
}
