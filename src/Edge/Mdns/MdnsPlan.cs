using Edge.Config;

namespace Edge.Mdns;

/// <summary>
/// What edge announces for a config: one <c>_rtsp._tcp</c> service per camera, and the status
/// page as <c>_http._tcp</c> (<c>_https._tcp</c> with TLS) when <c>[http]</c> is on. A server
/// that listens on loopback only is not announced: nobody on the network could reach it.
/// </summary>
/// <param name="Services">The services, cameras in file order, then the page.</param>
/// <param name="NotAnnounced">Why a server is left out, for the log; empty when none is.</param>
internal sealed record MdnsPlan(IReadOnlyList<DnsSdService> Services, IReadOnlyList<string> NotAnnounced)
{
    public const string RtspType = "_rtsp._tcp";
    public const string HttpType = "_http._tcp";
    public const string HttpsType = "_https._tcp";

    public static MdnsPlan For(EdgeConfig config)
    {
        var services = new List<DnsSdService>();
        var notAnnounced = new List<string>();
        var rtsp = config.Rtsp.Listen;
        if (rtsp.IsLoopback)
            notAnnounced.Add($"the cameras: rtsp.listen is \"{rtsp}\", which only this machine can reach");
        else
            services.AddRange(config.Cameras.Select(c => new DnsSdService($"Edge {c.Name}", RtspType, rtsp.Port, "/" + c.Name)));
        var http = config.Http;
        if (http.Enabled && http.Listen.IsLoopback)
            notAnnounced.Add($"the status page: http.listen is \"{http.Listen}\", which only this machine can reach");
        else if (http.Enabled)
            services.Add(new DnsSdService("Edge", http.IsTls ? HttpsType : HttpType, http.Listen.Port, "/"));
        return new MdnsPlan(services, notAnnounced);
    }

    /// <summary>True when both announce the same services (a reload that changed something else announces nothing new).</summary>
    public bool SameServicesAs(MdnsPlan other) => Services.SequenceEqual(other.Services);
}
