using Edge.Config;
using Edge.Linux.Procfs;

namespace Edge.Status;

/// <summary>Everything the status page, the JSON API and the health check show, taken at one moment.</summary>
/// <param name="Device">The box's name (<c>[device] name</c>).</param>
/// <param name="Version">The edge version.</param>
/// <param name="Uptime">Time since the daemon started.</param>
/// <param name="FatalError">A problem that stops the daemon doing its job, or null.</param>
/// <param name="RtspListen">The RTSP server's <c>[rtsp] listen</c>.</param>
/// <param name="RtspAuth">The RTSP server's authentication mode.</param>
/// <param name="RtspClients">RTSP clients playing now.</param>
/// <param name="Cameras">Every camera, in config file order.</param>
/// <param name="Pushes">Every push, in config file order.</param>
/// <param name="Process">The daemon's memory, threads and open files now.</param>
/// <param name="TakenAt">When the snapshot was taken, to tell how long clients have watched.</param>
/// <param name="Gpio">The LEDs and the button, or null when neither is configured.</param>
/// <param name="Display">The OLED display, or null when none is configured.</param>
internal sealed record StatusSnapshot(
    string Device,
    string Version,
    TimeSpan Uptime,
    string? FatalError,
    ListenEndpoint RtspListen,
    RtspAuthMode RtspAuth,
    int RtspClients,
    IReadOnlyList<CameraStatus> Cameras,
    IReadOnlyList<PushStatus> Pushes,
    ProcessResources Process,
    DateTimeOffset TakenAt = default,
    GpioStatus? Gpio = null,
    DisplayStatus? Display = null)
{
    /// <summary>The last reload, when it was refused for errors in the file (the running config stayed); null otherwise.</summary>
    public Reload.ReloadRefusal? ReloadRefused { get; init; }

    /// <summary>
    /// Null when healthy (no fatal error, every camera streaming); otherwise one line saying what is
    /// wrong, for <c>/healthz</c> and the page's banner. Pushes do not count: an upstream server
    /// being down is not this box failing, and monitors should not page anyone for it.
    /// </summary>
    public string? Problem
    {
        get
        {
            if (FatalError is { } fatal)
                return "fatal: " + OneLine(fatal);
            var problems = Cameras
                .Where(c => c.State != Media.Health.CameraState.Streaming)
                .Select(c => $"camera {c.Name}: {CameraStatus.StateName(c.State)}" + (c.State == Media.Health.CameraState.Failed && c.Detail.Length > 0 ? $" ({OneLine(c.Detail)})" : ""))
                .ToArray();
            return problems.Length == 0 ? null : string.Join("; ", problems);
        }
    }

    /// <summary>Control characters (line breaks in an exception message) as spaces, so a reason stays one line.</summary>
    public static string OneLine(string text) =>
        text.AsSpan().IndexOfAnyInRange('\0', '\u001f') < 0 ? text : string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
                span[i] = char.IsControl(source[i]) ? ' ' : source[i];
        });
}
