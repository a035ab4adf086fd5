using System.Text.Json;
using Edge.Snapshots;
using Edge.Status;

namespace Edge.Mqtt;

/// <summary>Turns a <see cref="StatusSnapshot"/> (the one the status page shows) into the state topic's JSON.</summary>
internal static class MqttStatePayload
{
    /// <param name="status">The snapshot.</param>
    /// <param name="rtspClientsOf">RTSP clients playing a camera now (the snapshot counts only all together).</param>
    /// <param name="withSnapshots">Whether the HTTP server runs, so that snapshot URLs lead somewhere.</param>
    /// <param name="snapshotLinks">
    /// When the page needs a login: the keys that let Home Assistant, which fetches the URL
    /// without credentials, open each camera's snapshot (and only that).
    /// </param>
    public static MqttState From(StatusSnapshot status, Func<string, int> rtspClientsOf, bool withSnapshots, SnapshotLinks? snapshotLinks = null)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(rtspClientsOf);
        var cameras = new Dictionary<string, MqttCameraState>(status.Cameras.Count, StringComparer.Ordinal);
        foreach (var camera in status.Cameras)
        {
            cameras[camera.Name] = new MqttCameraState(
                CameraStatus.StateName(camera.State),
                StatusSnapshot.OneLine(camera.Detail),
                camera.Fps,
                rtspClientsOf(camera.Name),
                camera.RtspUrl,
                !withSnapshots ? null : snapshotLinks is null ? camera.SnapshotUrl : snapshotLinks.WithKey(camera.SnapshotUrl, camera.Name));
        }
        var pushes = status.Pushes
            .Select(p => new MqttPushState(p.Name, p.Camera, p.Url, PushStatus.StateName(p.State), StatusSnapshot.OneLine(p.Detail), p.BytesSent))
            .ToList();
        var problem = status.Problem;
        return new MqttState(status.Device, status.Version, (long)status.Uptime.TotalSeconds, problem is null, problem, status.RtspClients, cameras, pushes);
    }

    public static byte[] Serialize(MqttState state) => JsonSerializer.SerializeToUtf8Bytes(state, MqttJsonContext.Default.MqttState);
}
