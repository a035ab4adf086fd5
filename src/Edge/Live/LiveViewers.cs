using Edge.Cameras;
using Edge.Media.Health;
using Edge.Media.Streaming;

namespace Edge.Live;

/// <summary>
/// Who may watch which camera live: the camera must exist and stream, and at most
/// <see cref="MaxPerCamera"/> viewers (<c>[http] live_viewers_per_camera</c>) watch one camera at
/// a time, so browsers left open cannot make Edge copy a stream without bound.
/// </summary>
internal sealed class LiveViewers
{

    private readonly CameraRegistry _hubs;
    private readonly HealthModel _health;
    private readonly Dictionary<string, ViewerCount> _counts = new(StringComparer.Ordinal); // under its own lock

    public LiveViewers(CameraRegistry hubs, HealthModel health, int maxPerCamera)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPerCamera, 1);
        MaxPerCamera = maxPerCamera;
        _hubs = hubs;
        _health = health;
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

    /// <summary>Admits one viewer of camera <paramref name="name"/>, or says why not.</summary>
    public Admission TryAdmit(string name)
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
        return new Admission(hub, null, "", new Lease(count));
    }

    /// <summary>The outcome of <see cref="TryAdmit"/>: a hub and a lease to dispose when the viewer leaves, or a refusal.</summary>
    public readonly record struct Admission(StreamHub? Hub, AdmissionRefusal? Refusal, string Reason, IDisposable? Lease)
    {
        public static Admission Refused(AdmissionRefusal refusal, string reason) => new(null, refusal, reason, null);
    }

    private sealed class ViewerCount
    {
        public int Value;
    }

    private sealed class Lease(ViewerCount count) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                Interlocked.Decrement(ref count.Value);
        }
    }
}
