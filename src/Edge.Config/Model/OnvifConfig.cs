namespace Edge.Config;

/// <summary>
/// <c>[onvif]</c>: the ONVIF Profile S device and media services on the web server, and
/// WS-Discovery, by which NVRs find the box by themselves.
/// </summary>
public sealed record OnvifConfig
{
    /// <summary>Whether <c>/onvif/device_service</c> and <c>/onvif/media_service</c> are served (by default whenever the web server runs).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// Whether WS-Discovery answers probes on UDP 3702 (by default only when both RTSP and the web
    /// server listen beyond loopback: an NVR on the network could reach neither otherwise).
    /// </summary>
    public bool Discovery { get; init; }

    /// <summary>Where the box is, for the ONVIF <c>location</c> scope NVRs show and filter by.</summary>
    public string Location { get; init; } = DefaultLocation;

    public const string DefaultLocation = "unknown";
}
