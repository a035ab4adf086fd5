using System.Net;
using System.Net.Sockets;
using Edge.Media.Health;
using Edge.Status;

namespace Edge.Display;

/// <summary>Puts the status snapshot into the few words the OLED has room for.</summary>
internal static class DisplayViewBuilder
{
    /// <param name="status">The daemon's state now.</param>
    /// <param name="rtspClientsOf">RTSP clients playing a camera.</param>
    /// <param name="addresses">This box's addresses (loopback is left out: nobody else can use it).</param>
    public static StatusView Build(StatusSnapshot status, Func<string, int> rtspClientsOf, IEnumerable<IPAddress> addresses)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(rtspClientsOf);
        var shown = addresses
            .Where(a => !IPAddress.IsLoopback(a))
            .OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1) // IPv4 first: shorter, and what people type
            .Select(a => a.ToString())
            .ToArray();
        var cameras = status.Cameras
            .Select(c => new CameraLine(c.Name, CameraStatus.StateName(c.State), rtspClientsOf(c.Name)))
            .ToArray();
        return new StatusView(status.Device, shown, cameras, PushSummary(status.Pushes), Error(status));
    }

    /// <summary>"live 1/1", "live 0/2 retry 2", "disabled"; null without pushes.</summary>
    internal static string? PushSummary(IReadOnlyList<PushStatus> pushes)
    {
        if (pushes.Count == 0)
            return null;
        var enabled = pushes.Count(p => p.State != PushState.Disabled);
        if (enabled == 0)
            return "disabled";
        var live = pushes.Count(p => p.State == PushState.Live);
        var retrying = pushes.Count(p => p.State == PushState.Retrying);
        return $"live {live}/{enabled}" + (retrying > 0 ? $" retry {retrying}" : "");
    }

    /// <summary>The one problem most worth a glance: a fatal error, else a failed camera, else a push's reason for retrying.</summary>
    internal static string? Error(StatusSnapshot status)
    {
        if (status.FatalError is { } fatal)
            return StatusSnapshot.OneLine(fatal);
        if (status.Cameras.FirstOrDefault(c => c.State == CameraState.Failed) is { } camera)
            return StatusSnapshot.OneLine($"{camera.Name}: {(camera.Detail.Length > 0 ? camera.Detail : "failed")}");
        if (status.Pushes.FirstOrDefault(p => p.State == PushState.Retrying && p.Detail.Length > 0) is { } push)
            return StatusSnapshot.OneLine($"push {push.Camera}: {push.Detail}");
        return null;
    }
}
