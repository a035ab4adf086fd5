namespace Edge.Cameras;

/// <summary>
/// What each camera actually delivers: pictures and bits per second over the last few seconds,
/// from the counters its stream hub keeps anyway, sampled once a second (the status page's
/// "measured" figures and the <c>/metrics</c> gauges).
/// </summary>
internal sealed class CameraRates : IDisposable
{
    /// <summary>How often each hub's counters are read.</summary>
    public static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(1);

    /// <summary>Samples kept per camera: the rate is over the last <c>WindowSamples - 1</c> intervals.</summary>
    public const int WindowSamples = 6;

    private readonly CameraRegistry _cameras;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, Queue<Sample>> _samples = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly ITimer _timer;

    public CameraRates(CameraRegistry cameras, TimeProvider time)
    {
        _cameras = cameras;
        _time = time;
        _timer = time.CreateTimer(static state => ((CameraRates)state!).TakeSample(), this, TimeSpan.Zero, SampleInterval);
    }

    /// <summary>Camera <paramref name="name"/>'s rate over the window, or null before two samples (the first second) or for an unknown camera.</summary>
    public CameraRate? Of(string name)
    {
        lock (_lock)
        {
            if (!_samples.TryGetValue(name, out var samples) || samples.Count < 2)
                return null;
            var oldest = samples.Peek();
            var newest = samples.Last();
            var seconds = (double)(newest.Timestamp - oldest.Timestamp) / _time.TimestampFrequency;
            if (seconds <= 0)
                return null;
            return new CameraRate((newest.Frames - oldest.Frames) / seconds, (newest.Bytes - oldest.Bytes) * 8 / seconds, TimeSpan.FromSeconds(seconds));
        }
    }

    public void Dispose() => _timer.Dispose();

    internal void TakeSample()
    {
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            // The cameras a reload added start their window now; removed ones are forgotten.
            var hubs = _cameras.Hubs;
            foreach (var gone in _samples.Keys.Where(name => !hubs.Any(h => h.Name == name)).ToArray())
                _samples.Remove(gone);
            foreach (var hub in hubs)
            {
                if (!_samples.TryGetValue(hub.Name, out var samples))
                    _samples.Add(hub.Name, samples = new Queue<Sample>(WindowSamples));
                var sample = new Sample(now, hub.FramesPublished, hub.BytesPublished);
                if (samples.Count > 0 && sample.Frames < samples.Last().Frames)
                    samples.Clear(); // counters never go back; if they did, the old samples mean nothing now
                if (samples.Count == WindowSamples)
                    samples.Dequeue();
                samples.Enqueue(sample);
            }
        }
    }

    private readonly record struct Sample(long Timestamp, long Frames, long Bytes);
}
