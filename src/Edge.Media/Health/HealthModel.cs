using System.Collections.Immutable;
using System.Text;

namespace Edge.Media.Health;

/// <summary>
/// The daemon's state in one place: every camera, every push, the RTSP audience and any fatal
/// problem. Stages write to it; the LEDs, systemd notifications and the status page read it.
/// </summary>
/// <remarks>
/// Writers replace immutable snapshots, so readers never see half an update and never block a
/// stage. The per-camera RTSP client counts, read only by the status display, are a plain
/// dictionary under the write lock instead: an immutable map of integers would add a generic
/// instantiation's worth of native code for no reader that needs it. <see cref="Changed"/>
/// fires after each change, on the writer's thread; subscribers must be quick (set a flag, wake
/// a timer).
/// </remarks>
public sealed class HealthModel
{
    private readonly TimeProvider _time;
    private readonly Lock _writeLock = new();
    private ImmutableDictionary<string, CameraHealth> _cameras = ImmutableDictionary<string, CameraHealth>.Empty;
    private ImmutableDictionary<string, PushHealth> _pushes = ImmutableDictionary<string, PushHealth>.Empty;
    private readonly Dictionary<string, int> _rtspClientsByCamera = new(StringComparer.Ordinal); // under _writeLock
    private int _rtspClients;
    private string? _fatalError;

    public HealthModel(TimeProvider time)
    {
        _time = time;
    }

    /// <summary>Raised after any change.</summary>
    public event Action? Changed;

    public IReadOnlyCollection<CameraHealth> Cameras => _cameras.Values.ToArray();

    public IReadOnlyCollection<PushHealth> Pushes => _pushes.Values.ToArray();

    /// <summary>RTSP clients currently playing.</summary>
    public int RtspClients => Volatile.Read(ref _rtspClients);

    /// <summary>A problem that stops the daemon from doing its job (bad config, port in use), or null.</summary>
    public string? FatalError => Volatile.Read(ref _fatalError);

    public void SetCamera(string name, CameraState state, string detail, string encoding = "")
    {
        lock (_writeLock)
            _cameras = _cameras.SetItem(name, new CameraHealth(name, state, detail, _time.GetTimestamp(), encoding));
        Changed?.Invoke();
    }

    /// <summary>
    /// Records that a camera's pipeline is alive (it delivered a frame, or its supervisor's
    /// back-off loop ticked). Cheap enough to call per frame: no event, one swap.
    /// </summary>
    public void ReportProgress(string name)
    {
        lock (_writeLock)
        {
            if (_cameras.TryGetValue(name, out var camera))
                _cameras = _cameras.SetItem(name, camera with { LastProgress = _time.GetTimestamp() });
        }
    }

    public void RemoveCamera(string name)
    {
        lock (_writeLock)
            _cameras = _cameras.Remove(name);
        Changed?.Invoke();
    }

    public void SetPush(string name, PushState state, string detail, long bytesSent)
    {
        bool changed;
        lock (_writeLock)
        {
            var old = _pushes.GetValueOrDefault(name);
            changed = old is null || old.State != state || old.Detail != detail;
            // A push that failed waits (retrying), then connects again: that connecting is one reconnect.
            var reconnects = (old?.Reconnects ?? 0) + (old?.State == PushState.Retrying && state == PushState.Connecting ? 1 : 0);
            _pushes = _pushes.SetItem(name, new PushHealth(name, state, detail, bytesSent, reconnects));
        }
        if (changed)
            Changed?.Invoke();
    }

    /// <summary>Forgets a push that a reload removed, so it no longer counts or shows.</summary>
    public void RemovePush(string name)
    {
        lock (_writeLock)
            _pushes = _pushes.Remove(name);
        Changed?.Invoke();
    }

    /// <summary>RTSP clients currently playing <paramref name="camera"/>.</summary>
    public int RtspClientsOf(string camera)
    {
        lock (_writeLock)
            return _rtspClientsByCamera.GetValueOrDefault(camera);
    }

    /// <summary>An RTSP client started playing; counted for <paramref name="camera"/> too when it is named.</summary>
    public void RtspClientStarted(string? camera = null) => CountRtspClient(camera, +1);

    public void RtspClientStopped(string? camera = null) => CountRtspClient(camera, -1);

    private void CountRtspClient(string? camera, int delta)
    {
        if (camera is not null)
        {
            lock (_writeLock)
            {
                var count = _rtspClientsByCamera.GetValueOrDefault(camera) + delta;
                if (count > 0)
                    _rtspClientsByCamera[camera] = count;
                else
                    _rtspClientsByCamera.Remove(camera); // a camera nobody watches takes no room
            }
        }
        Interlocked.Add(ref _rtspClients, delta);
        Changed?.Invoke();
    }

    public void SetFatalError(string message)
    {
        Volatile.Write(ref _fatalError, message);
        Changed?.Invoke();
    }

    /// <summary>
    /// Clears a fatal error once its cause is gone (the RTSP port came free), but only if it is
    /// still <paramref name="message"/>: a different problem reported since stays visible.
    /// </summary>
    public void ClearFatalError(string message)
    {
        if (Interlocked.CompareExchange(ref _fatalError, null, message) == message)
            Changed?.Invoke();
    }

    /// <summary>
    /// The cameras whose pipeline has shown no sign of life for longer than <paramref name="limit"/>:
    /// a hung stage, which only a restart of the process can cure. A failed camera whose
    /// supervisor is retrying is not stalled.
    /// </summary>
    public IReadOnlyList<string> StalledCameras(TimeSpan limit)
    {
        var now = _time.GetTimestamp();
        var stalled = new List<string>();
        foreach (var camera in _cameras.Values)
        {
            if (camera.State != CameraState.Stopped && _time.GetElapsedTime(camera.LastProgress, now) > limit)
                stalled.Add(camera.Name);
        }
        return stalled;
    }

    /// <summary>One line for <c>systemctl status</c>: each camera's state, the audience, the pushes.</summary>
    public string Summary()
    {
        if (FatalError is { } fatal)
            return "error: " + fatal;
        var text = new StringBuilder();
        foreach (var camera in _cameras.Values.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            if (text.Length > 0)
                text.Append("; ");
            text.Append(camera.Name).Append(": ").Append(camera.State.ToString().ToLowerInvariant());
            if (camera.Detail.Length > 0)
                text.Append(" (").Append(camera.Detail).Append(')');
        }
        if (text.Length == 0)
            text.Append("no cameras");
        text.Append("; ").Append(RtspClients).Append(RtspClients == 1 ? " RTSP client" : " RTSP clients");
        var pushes = _pushes.Values.ToArray();
        if (pushes.Length > 0)
        {
            var live = pushes.Count(p => p.State == PushState.Live);
            text.Append("; pushes live ").Append(live).Append('/').Append(pushes.Count(p => p.State != PushState.Disabled));
        }
        return text.ToString();
    }
}
