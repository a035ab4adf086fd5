using System.Diagnostics.Metrics;
using Edge.Cameras;
using Edge.Linux.Procfs;
using Edge.Media.Health;

namespace Edge.Web.Metrics;

/// <summary>
/// Edge's numbers as <see cref="System.Diagnostics.Metrics"/> instruments, for <c>/metrics</c>.
/// Every instrument is observable: it reads counters the pipeline keeps anyway (the stream hubs,
/// the health model, <c>/proc/self</c>) when a scrape asks, so metrics cost the video path nothing.
/// </summary>
internal sealed class EdgeMetrics : IDisposable
{
    public const string MeterName = "Edge";

    private readonly CameraRegistry _cameras;
    private readonly CameraRates _rates;
    private readonly HealthModel _health;
    private readonly Func<ProcessResources> _readProcess;
    private readonly TimeProvider _time;
    private readonly long _startedAt;

    /// <param name="cameras">Every camera's stream hub.</param>
    /// <param name="rates">Every camera's measured rate.</param>
    /// <param name="health">The daemon's health.</param>
    /// <param name="time">The clock, for the uptime.</param>
    /// <param name="readProcess">Reads the process's resources; this process's own from <c>/proc/self</c> unless a test says otherwise.</param>
    public EdgeMetrics(CameraRegistry cameras, CameraRates rates, HealthModel health, TimeProvider time, Func<ProcessResources>? readProcess = null)
    {
        _cameras = cameras;
        _rates = rates;
        _health = health;
        _time = time;
        _startedAt = time.GetTimestamp();
        _readProcess = readProcess ?? ProcessResources.ReadSelf;
        Meter = new Meter(MeterName);

        Meter.CreateObservableCounter("edge.camera.frames", CameraFrames, "{frame}", "Pictures each camera has published since edge started.");
        Meter.CreateObservableCounter("edge.camera.bytes", CameraBytes, "By", "Bytes of H.264 each camera has published since edge started; 8 times its rate is the bitrate.");
        Meter.CreateObservableCounter("edge.camera.dropped_frames", CameraDroppedFrames, "{frame}", "Frames readers of each camera lost by falling behind, all readers together.");
        // In bytes, Prometheus's base unit (promtool refuses bits): 8 times this is the bitrate.
        Meter.CreateObservableGauge("edge.camera.throughput", CameraThroughput, "By/s", $"Bytes of H.264 each camera published per second, measured over the last {CameraRates.WindowSamples - 1} seconds; 8 times this is its bitrate.");
        Meter.CreateObservableGauge("edge.camera.frames_per_second", CameraFrameRate, "{frame}/s", $"Pictures each camera published per second, measured over the last {CameraRates.WindowSamples - 1} seconds.");
        Meter.CreateObservableGauge("edge.camera.streaming", CameraStreaming, "{camera}", "1 while the camera streams, 0 while it starts, failed or stopped.");
        Meter.CreateObservableGauge("edge.camera.readers", CameraReaders, "{reader}", "Readers of each camera's stream now (RTSP sessions, pushes, views).");
        Meter.CreateObservableGauge("edge.rtsp.sessions", () => _health.RtspClients, "{session}", "RTSP clients playing now.");
        Meter.CreateObservableCounter("edge.push.bytes", PushBytes, "By", "Bytes each push has sent upstream since edge started.");
        Meter.CreateObservableCounter("edge.push.reconnects", PushReconnects, "{reconnect}", "Times each push connected again after a failure since edge started.");
        Meter.CreateObservableGauge("edge.push.live", PushLive, "{push}", "1 while the push is live upstream, 0 otherwise.");
        Meter.CreateObservableCounter("edge.uptime", () => _time.GetElapsedTime(_startedAt).TotalSeconds, "s", "Time since edge started.");
        Meter.CreateObservableGauge("process.resident_memory", () => _readProcess().ResidentBytes, "By", "Resident memory of the edge process (RSS), shared library pages included.");
        Meter.CreateObservableGauge("process.managed_heap", () => _readProcess().ManagedHeapBytes, "By", "Bytes the .NET heap of the edge process holds.");
        Meter.CreateObservableGauge("process.threads", () => _readProcess().Threads, "{thread}", "Threads of the edge process.");
        Meter.CreateObservableGauge("process.open_fds", () => _readProcess().OpenFiles, "{file}", "Open file descriptors of the edge process.");
    }

    /// <summary>The meter holding every instrument.</summary>
    public Meter Meter { get; }

    public void Dispose() => Meter.Dispose();

    private IEnumerable<Measurement<long>> CameraFrames() =>
        _cameras.Hubs.Select(hub => new Measurement<long>(hub.FramesPublished, Camera(hub.Name)));

    private IEnumerable<Measurement<long>> CameraBytes() =>
        _cameras.Hubs.Select(hub => new Measurement<long>(hub.BytesPublished, Camera(hub.Name)));

    private IEnumerable<Measurement<long>> CameraDroppedFrames() =>
        _cameras.Hubs.Select(hub => new Measurement<long>(hub.ReaderDroppedFrames, Camera(hub.Name)));

    private IEnumerable<Measurement<double>> CameraThroughput() => MeasuredRates(rate => rate.BitsPerSecond / 8);

    private IEnumerable<Measurement<double>> CameraFrameRate() => MeasuredRates(rate => rate.FramesPerSecond);

    // A camera without a measurement yet (its first second) has no sample rather than a made-up zero.
    private IEnumerable<Measurement<double>> MeasuredRates(Func<CameraRate, double> figure)
    {
        foreach (var name in _cameras.Names)
        {
            if (_rates.Of(name) is { } rate)
                yield return new Measurement<double>(figure(rate), Camera(name));
        }
    }

    private IEnumerable<Measurement<int>> CameraReaders() =>
        _cameras.Hubs.Select(hub => new Measurement<int>(hub.ReaderCount, Camera(hub.Name)));

    private IEnumerable<Measurement<int>> CameraStreaming() =>
        _health.Cameras.Select(c => new Measurement<int>(c.State == CameraState.Streaming ? 1 : 0, Camera(c.Name)));

    private IEnumerable<Measurement<long>> PushBytes() =>
        _health.Pushes.Select(p => new Measurement<long>(p.BytesSent, Push(p.Name)));

    private IEnumerable<Measurement<long>> PushReconnects() =>
        _health.Pushes.Select(p => new Measurement<long>(p.Reconnects, Push(p.Name)));

    private IEnumerable<Measurement<int>> PushLive() =>
        _health.Pushes.Select(p => new Measurement<int>(p.State == PushState.Live ? 1 : 0, Push(p.Name)));

    private static KeyValuePair<string, object?> Camera(string name) => new("camera", name);

    /// <summary>A push is named by its camera and URL without the stream key (as the log and the status page name it).</summary>
    private static KeyValuePair<string, object?> Push(string name) => new("push", name);
}
