using Edge.Config;

namespace Edge.Reload;

/// <summary>
/// What a reloaded config changes against the running one: which cameras appear, go or change,
/// which pushes stop and start, and which other tables differ. Applying it restarts only these.
/// </summary>
/// <remarks>
/// A camera is known by its name, which is its RTSP path. A push has no name of its own, so an
/// entry whose settings are all unchanged keeps running, and any other is stopped (removed) or
/// started (added); an edited push is both. A push whose camera changed is restarted too: its
/// options (frame rate, stream metadata) come from the camera.
/// </remarks>
internal sealed record ConfigDifference(
    IReadOnlyList<CameraConfig> CamerasAdded,
    IReadOnlyList<string> CamerasRemoved,
    IReadOnlyList<CameraConfig> CamerasChanged,
    IReadOnlyList<PushConfig> PushesRemoved,
    IReadOnlyList<PushConfig> PushesAdded,
    ConfigSections SectionsChanged)
{
    public bool IsEmpty =>
        CamerasAdded.Count == 0 && CamerasRemoved.Count == 0 && CamerasChanged.Count == 0
        && PushesRemoved.Count == 0 && PushesAdded.Count == 0 && SectionsChanged == ConfigSections.None;

    /// <summary>The changed tables, and <see cref="ConfigSections.CameraList"/> when any camera changed.</summary>
    public ConfigSections Affected =>
        SectionsChanged | (CamerasAdded.Count + CamerasRemoved.Count + CamerasChanged.Count > 0 ? ConfigSections.CameraList : ConfigSections.None);

    public static ConfigDifference Between(EdgeConfig running, EdgeConfig next)
    {
        var runningCameras = running.Cameras.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var nextNames = next.Cameras.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var added = next.Cameras.Where(c => !runningCameras.ContainsKey(c.Name)).ToArray();
        var removed = running.Cameras.Where(c => !nextNames.Contains(c.Name)).Select(c => c.Name).ToArray();
        var changed = next.Cameras.Where(c => runningCameras.TryGetValue(c.Name, out var old) && !ConfigEquality.Same(old, c)).ToArray();
        var restartedCameras = changed.Select(c => c.Name).Concat(removed).ToHashSet(StringComparer.Ordinal);

        // Match pushes one for one, so two identical entries and one edited copy stay countable.
        var unmatched = running.Pushes.Where(p => !restartedCameras.Contains(p.Camera)).ToList();
        var pushesAdded = new List<PushConfig>();
        foreach (var push in next.Pushes)
        {
            var same = unmatched.FindIndex(p => ConfigEquality.Same(p, push));
            if (same >= 0)
                unmatched.RemoveAt(same);
            else
                pushesAdded.Add(push);
        }
        var pushesRemoved = running.Pushes.Where(p => restartedCameras.Contains(p.Camera)).Concat(unmatched).ToArray();

        return new ConfigDifference(added, removed, changed, pushesRemoved, pushesAdded, SectionsBetween(running, next));
    }

    private static ConfigSections SectionsBetween(EdgeConfig running, EdgeConfig next)
    {
        var sections = ConfigSections.None;
        if (running.Device != next.Device)
            sections |= ConfigSections.Device;
        if (!ConfigEquality.Same(running.Rtsp, next.Rtsp))
            sections |= ConfigSections.Rtsp;
        if (!ConfigEquality.Same(running.Http, next.Http))
            sections |= ConfigSections.Http;
        if (running.Leds != next.Leds || running.Button != next.Button)
            sections |= ConfigSections.Gpio;
        if (running.Display != next.Display)
            sections |= ConfigSections.Display;
        if (!ConfigEquality.Same(running.Mqtt, next.Mqtt))
            sections |= ConfigSections.Mqtt;
        if (running.Log != next.Log)
            sections |= ConfigSections.Log;
        if (running.Onvif != next.Onvif)
            sections |= ConfigSections.Onvif;
        if (running.Reload != next.Reload)
            sections |= ConfigSections.Reload;
        if (running.Mdns != next.Mdns)
            sections |= ConfigSections.Mdns;
        return sections;
    }
}
