using System.Net;
using Edge.Cameras;
using Edge.Config;
using Edge.Linux.Procfs;
using Edge.Live;
using Edge.Media.Health;
using Edge.Push;
using Edge.Snapshots;

namespace Edge.Status;

/// <summary>Takes a <see cref="StatusSnapshot"/> from the health model and the config; cheap enough for every request.</summary>
internal sealed class StatusCollector
{
    private readonly Func<EdgeConfig> _config;
    private readonly Reload.ReloadNotices? _reloads;
    private readonly HealthModel _health;
    private readonly TimeProvider _time;
    private readonly long _startedAt;
    private readonly string _version;
    private readonly Func<ProcessResources> _readProcess;
    private readonly CameraRates? _rates;
    private readonly Func<IReadOnlyList<LiveViewerInfo>>? _liveViewers;
    private readonly StatusBoard? _board;

    /// <param name="config">The running config.</param>
    /// <param name="health">The daemon's health.</param>
    /// <param name="time">The clock.</param>
    /// <param name="startedAt">When the daemon started (a <paramref name="time"/> timestamp), for the uptime.</param>
    /// <param name="version">The edge version shown.</param>
    /// <param name="readProcess">Reads the process's resources; this process's own from <c>/proc/self</c> unless a test says otherwise.</param>
    /// <param name="rates">Each camera's measured rate, where the caller measures it.</param>
    /// <param name="liveViewers">Who watches live in a browser (or live.mp4), where the caller serves the live view.</param>
    /// <param name="board">The RTSP sessions, GPIO and display state other services post; without it none are shown.</param>
    /// <param name="current">The config as reloads change it, read on every collection; <paramref name="config"/> stays when null.</param>
    /// <param name="reloads">The last reload's refusal, where the caller shows it.</param>
    public StatusCollector(EdgeConfig config, HealthModel health, TimeProvider time, long startedAt, string version, Func<ProcessResources>? readProcess = null,
        CameraRates? rates = null, Func<IReadOnlyList<LiveViewerInfo>>? liveViewers = null, StatusBoard? board = null,
        Reload.CurrentConfig? current = null, Reload.ReloadNotices? reloads = null)
    {
        _reloads = reloads;
        _rates = rates;
        _liveViewers = liveViewers;
        _board = board;
        _readProcess = readProcess ?? ProcessResources.ReadSelf;
        _config = current is null ? () => config : () => current.Value;
        _health = health;
        _time = time;
        _startedAt = startedAt;
        _version = version;
    }

    /// <param name="localAddress">The address the status client reached this box on; RTSP URLs use it when RTSP listens on every address.</param>
    /// <param name="httpPort">The port the status client reached this box on, for snapshot URLs; the configured one when null.</param>
    public StatusSnapshot Collect(IPAddress localAddress, int? httpPort = null)
    {
        var config = _config();
        var rtspHost = HostFor(config.Rtsp.Listen, localAddress);
        var httpHost = HostFor(config.Http.Listen, localAddress);
        var cameraHealth = _health.Cameras.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var rtspSessions = _board?.RtspSessions?.PlayingSessions() ?? [];
        var liveViewers = _liveViewers?.Invoke() ?? [];
        var cameras = new List<CameraStatus>(config.Cameras.Count);
        foreach (var camera in config.Cameras)
        {
            var live = liveViewers.Where(v => v.Camera == camera.Name).ToArray();
            var clients = rtspSessions.Where(s => s.Path == camera.Name).Select(ClientStatus.From)
                .Concat(live.Select(ClientStatus.From))
                .OrderBy(c => c.Since)
                .ToArray();
            // Every configured camera is in the model from the start; the fallback only covers a race at startup.
            var health = cameraHealth.GetValueOrDefault(camera.Name);
            cameras.Add(new CameraStatus(
                camera.Name,
                health?.State ?? CameraState.Starting,
                health?.Detail ?? "",
                $"rtsp://{rtspHost}:{config.Rtsp.Listen.Port}/{camera.Name}",
                camera.Source,
                camera.Width,
                camera.Height,
                camera.Fps,
                camera.Encoder.Kind,
                $"{(config.Http.IsTls ? "https" : "http")}://{httpHost}:{httpPort ?? config.Http.Listen.Port}{SnapshotRegistry.PathOf(camera.Name)}",
                health?.Encoding ?? "",
                _rates?.Of(camera.Name),
                _health.RtspClientsOf(camera.Name),
                live.Length) { Clients = clients });
        }

        var pushHealth = _health.Pushes.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var pushes = new List<PushStatus>(config.Pushes.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var push in config.Pushes)
        {
            var name = PushConfigMapping.NameOf(push);
            if (!seen.Add(name))
                continue; // two entries for the same camera and server share one health entry
            var health = pushHealth.GetValueOrDefault(name);
            var state = health?.State ?? (push.Enabled ? PushState.Connecting : PushState.Disabled);
            // The worker already scrubs its reasons; masking the key here too costs nothing and guards the page against a future slip.
            var detail = MaskKey(health?.Detail ?? "", push.Url.StreamKey);
            pushes.Add(new PushStatus(name, push.Camera, push.Url.Redacted, state, detail, health?.BytesSent ?? 0));
        }

        return new StatusSnapshot(
            config.Device.Name,
            _version,
            _time.GetElapsedTime(_startedAt),
            _health.FatalError,
            config.Rtsp.Listen,
            config.Rtsp.Auth,
            _health.RtspClients,
            cameras,
            pushes,
            _readProcess(),
            _time.GetUtcNow(),
            _board?.Gpio.Read(),
            _board?.Display.Read())
        {
            ReloadRefused = _reloads?.Refusal,
        };
    }

    /// <summary>The listen host when it is one address; otherwise the address the status client used, which reaches this box too.</summary>
    private static string HostFor(ListenEndpoint listen, IPAddress localAddress)
    {
        var address = listen.ToIPAddress();
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
            address = localAddress.IsIPv4MappedToIPv6 ? localAddress.MapToIPv4() : localAddress;
        return Network.ReachableAddresses.ForUrl(address);
    }

    private static string MaskKey(string text, string streamKey) =>
        streamKey.Length == 0 ? text : text.Replace(streamKey, "****", StringComparison.Ordinal);
}
