using Edge.Onvif.Device;
using Edge.Onvif.Soap;

namespace Edge.Onvif.Media;

/// <summary>
/// The ONVIF media service (ver10, <c>/onvif/media_service</c>), Profile S: one fixed profile per
/// camera (its video source and H.264 encoder configuration as edge.toml sets them), the RTSP URI
/// that plays it and the URL of its snapshot. Profiles and configurations are fixed: creating,
/// deleting or changing them is answered <c>ter:ActionNotSupported</c>.
/// </summary>
public sealed class MediaService : IOnvifService
{
    /// <summary>The operations answered.</summary>
    public static readonly IReadOnlyList<string> Operations =
    [
        "GetServiceCapabilities", "GetProfiles", "GetProfile", "GetVideoSources", "GetVideoSourceConfigurations",
        "GetVideoSourceConfiguration", "GetVideoEncoderConfigurations", "GetVideoEncoderConfiguration",
        "GetVideoEncoderConfigurationOptions", "GetCompatibleVideoEncoderConfigurations", "GetCompatibleVideoSourceConfigurations",
        "GetStreamUri", "GetSnapshotUri",
    ];

    /// <summary>RTSP sessions last this long without a keep-alive (the RTSP server's default).</summary>
    private const int SessionTimeoutSeconds = 60;

    private readonly OnvifOptions _options;

    public MediaService(OnvifOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    public string Namespace => SoapNamespaces.Media;

    public bool IsOpen(string operation) => operation == "GetServiceCapabilities";

    public SoapFault? Answer(SoapRequest request, OnvifRequestContext context, SoapWriter writer)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        switch (request.Operation)
        {
            case "GetServiceCapabilities":
                w.StartMedia("GetServiceCapabilitiesResponse");
                WriteServiceCapabilities(w, _options);
                w.End();
                return null;
            case "GetProfiles":
                w.StartMedia("GetProfilesResponse");
                foreach (var camera in _options.Cameras)
                    WriteProfile(w, "Profiles", camera);
                w.End();
                return null;
            case "GetProfile":
                return WithProfile(request, camera =>
                {
                    w.StartMedia("GetProfileResponse");
                    WriteProfile(w, "Profile", camera);
                    w.End();
                });
            case "GetVideoSources":
                w.StartMedia("GetVideoSourcesResponse");
                foreach (var camera in _options.Cameras)
                    WriteVideoSource(w, camera);
                w.End();
                return null;
            case "GetVideoSourceConfigurations" or "GetCompatibleVideoSourceConfigurations":
                w.StartMedia(request.Operation + "Response");
                foreach (var camera in CamerasFor(request))
                    WriteSourceConfiguration(w, "Configurations", camera);
                w.End();
                return null;
            case "GetVideoSourceConfiguration":
                return WithConfiguration(request, c => c.VideoSourceConfigurationToken, camera =>
                {
                    w.StartMedia("GetVideoSourceConfigurationResponse");
                    WriteSourceConfiguration(w, "Configuration", camera);
                    w.End();
                });
            case "GetVideoEncoderConfigurations" or "GetCompatibleVideoEncoderConfigurations":
                w.StartMedia(request.Operation + "Response");
                foreach (var camera in CamerasFor(request))
                    WriteEncoderConfiguration(w, "Configurations", camera);
                w.End();
                return null;
            case "GetVideoEncoderConfiguration":
                return WithConfiguration(request, c => c.VideoEncoderConfigurationToken, camera =>
                {
                    w.StartMedia("GetVideoEncoderConfigurationResponse");
                    WriteEncoderConfiguration(w, "Configuration", camera);
                    w.End();
                });
            case "GetVideoEncoderConfigurationOptions":
                return WriteEncoderOptions(request, w);
            case "GetStreamUri":
                return WriteStreamUri(request, context, w);
            case "GetSnapshotUri":
                return WithProfile(request, camera =>
                {
                    w.StartMedia("GetSnapshotUriResponse");
                    WriteMediaUri(w, $"{context.BaseUrl}/cameras/{Uri.EscapeDataString(camera.Name)}/snapshot.jpg");
                    w.End();
                });
            default:
                return SoapFault.ActionNotSupported(request.Operation);
        }
    }

    /// <summary>The media service's capabilities (also part of GetServices with IncludeCapability).</summary>
    public static void WriteServiceCapabilities(SoapWriter w, OnvifOptions options)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(options);
        w.StartMedia("Capabilities");
        w.Attribute("SnapshotUri", true);
        w.Attribute("Rotation", false);
        w.Attribute("VideoSourceMode", false);
        w.Attribute("OSD", false);
        w.StartMedia("ProfileCapabilities");
        w.Attribute("MaximumNumberOfProfiles", options.Cameras.Count);
        w.End();
        w.StartMedia("StreamingCapabilities");
        w.Attribute("RTPMulticast", false);
        w.Attribute("RTP_TCP", options.RtspTcp);
        w.Attribute("RTP_RTSP_TCP", options.RtspTcp);
        w.Attribute("NonAggregateControl", false);
        w.Attribute("NoRTSPStreaming", false);
        w.End();
        w.End();
    }

    private SoapFault? WriteStreamUri(SoapRequest request, OnvifRequestContext context, SoapWriter w)
    {
        // StreamSetup: Stream is RTP-Unicast or RTP-Multicast; Transport/Protocol is UDP, TCP, RTSP or HTTP.
        var stream = request.Value("Stream") ?? "RTP-Unicast";
        var protocol = request.Value("Protocol") ?? "RTSP";
        if (stream != "RTP-Unicast")
            return SoapFault.InvalidArg("InvalidStreamSetup", $"only RTP-Unicast is offered through ONVIF, not {stream}");
        var supported = protocol switch
        {
            "RTSP" or "TCP" => _options.RtspTcp,
            "UDP" => _options.RtspUdp,
            _ => false,
        };
        if (!supported)
            return SoapFault.InvalidArg("InvalidStreamSetup", $"transport {protocol} is not offered: the RTSP server takes RTP over UDP{(_options.RtspTcp ? " and over its TCP connection" : "")}; RTSP over HTTP is not served");
        return WithProfile(request, camera =>
        {
            w.StartMedia("GetStreamUriResponse");
            WriteMediaUri(w, $"rtsp://{_options.RtspHost ?? context.Host}:{_options.RtspPort}/{Uri.EscapeDataString(camera.Name)}");
            w.End();
        });
    }

    private SoapFault? WriteEncoderOptions(SoapRequest request, SoapWriter w)
    {
        OnvifCamera? camera;
        if (request.Value("ConfigurationToken") is { Length: > 0 } token)
            camera = _options.Cameras.FirstOrDefault(c => c.VideoEncoderConfigurationToken == token);
        else if (request.Value("ProfileToken") is { Length: > 0 } profile)
            camera = _options.Cameras.FirstOrDefault(c => c.ProfileToken == profile);
        else
            camera = _options.Cameras.FirstOrDefault();
        if (camera is null)
            return SoapFault.InvalidArg("NoConfig", "no video encoder configuration or profile has that token");

        w.StartMedia("GetVideoEncoderConfigurationOptionsResponse");
        w.StartMedia("Options");
        w.StartSchema("QualityRange");
        w.Schema("Min", 1);
        w.Schema("Max", 1);
        w.End();
        w.StartSchema("H264");
        w.StartSchema("ResolutionsAvailable");
        w.Schema("Width", camera.Width);
        w.Schema("Height", camera.Height);
        w.End();
        Range(w, "GovLengthRange", camera.GovLength);
        Range(w, "FrameRateRange", camera.Fps);
        Range(w, "EncodingIntervalRange", 1);
        w.Schema("H264ProfilesSupported", camera.H264Profile);
        w.End();
        w.End();
        w.End();
        return null;
    }

    /// <summary>A range of one value: what edge.toml set is the only choice, as configurations are fixed here.</summary>
    private static void Range(SoapWriter w, string name, int value)
    {
        w.StartSchema(name);
        w.Schema("Min", value);
        w.Schema("Max", value);
        w.End();
    }

    private IEnumerable<OnvifCamera> CamerasFor(SoapRequest request) =>
        request.Value("ProfileToken") is { Length: > 0 } profile
            ? _options.Cameras.Where(c => c.ProfileToken == profile)
            : _options.Cameras;

    private SoapFault? WithProfile(SoapRequest request, Action<OnvifCamera> write)
    {
        var token = request.Value("ProfileToken");
        var camera = token is null ? _options.Cameras.FirstOrDefault() : _options.Cameras.FirstOrDefault(c => c.ProfileToken == token);
        if (camera is null)
            return SoapFault.InvalidArg("NoProfile", $"there is no profile \"{token}\"; GetProfiles lists them (one per camera)");
        write(camera);
        return null;
    }

    private SoapFault? WithConfiguration(SoapRequest request, Func<OnvifCamera, string> tokenOf, Action<OnvifCamera> write)
    {
        var token = request.Value("ConfigurationToken");
        var camera = _options.Cameras.FirstOrDefault(c => tokenOf(c) == token);
        if (camera is null)
            return SoapFault.InvalidArg("NoConfig", $"there is no configuration \"{token}\"");
        write(camera);
        return null;
    }

    private static void WriteProfile(SoapWriter w, string element, OnvifCamera camera)
    {
        w.StartMedia(element);
        w.Attribute("token", camera.ProfileToken);
        w.Attribute("fixed", true);
        w.Schema("Name", camera.Name);
        WriteSourceConfiguration(w, "VideoSourceConfiguration", camera, schemaElement: true);
        WriteEncoderConfiguration(w, "VideoEncoderConfiguration", camera, schemaElement: true);
        w.End();
    }

    private static void WriteVideoSource(SoapWriter w, OnvifCamera camera)
    {
        w.StartMedia("VideoSources");
        w.Attribute("token", camera.VideoSourceToken);
        w.Schema("Framerate", camera.Fps);
        w.StartSchema("Resolution");
        w.Schema("Width", camera.Width);
        w.Schema("Height", camera.Height);
        w.End();
        w.End();
    }

    private static void WriteSourceConfiguration(SoapWriter w, string element, OnvifCamera camera, bool schemaElement = false)
    {
        StartConfiguration(w, element, schemaElement, camera.VideoSourceConfigurationToken, camera.Name);
        w.Schema("SourceToken", camera.VideoSourceToken);
        w.StartSchema("Bounds");
        w.Attribute("x", 0);
        w.Attribute("y", 0);
        w.Attribute("width", camera.Width);
        w.Attribute("height", camera.Height);
        w.End();
        w.End();
    }

    private static void WriteEncoderConfiguration(SoapWriter w, string element, OnvifCamera camera, bool schemaElement = false)
    {
        StartConfiguration(w, element, schemaElement, camera.VideoEncoderConfigurationToken, camera.Name);
        w.Schema("Encoding", "H264");
        w.StartSchema("Resolution");
        w.Schema("Width", camera.Width);
        w.Schema("Height", camera.Height);
        w.End();
        w.Schema("Quality", 1);
        w.StartSchema("RateControl");
        w.Schema("FrameRateLimit", camera.Fps);
        w.Schema("EncodingInterval", 1);
        w.Schema("BitrateLimit", camera.BitrateKbps);
        w.End();
        w.StartSchema("H264");
        w.Schema("GovLength", camera.GovLength);
        w.Schema("H264Profile", camera.H264Profile);
        w.End();
        // Required by the schema; ONVIF multicast is not offered (RTSP's own multicast is).
        w.StartSchema("Multicast");
        w.StartSchema("Address");
        w.Schema("Type", "IPv4");
        w.Schema("IPv4Address", "0.0.0.0");
        w.End();
        w.Schema("Port", 0);
        w.Schema("TTL", 1);
        w.Schema("AutoStart", false);
        w.End();
        w.Schema("SessionTimeout", DeviceService.Duration(SessionTimeoutSeconds));
        w.End();
    }

    private static void StartConfiguration(SoapWriter w, string element, bool schemaElement, string token, string name)
    {
        if (schemaElement)
            w.StartSchema(element);
        else
            w.StartMedia(element);
        w.Attribute("token", token);
        w.Schema("Name", name);
        // Each configuration belongs to its camera's one profile.
        w.Schema("UseCount", 1);
    }

    private static void WriteMediaUri(SoapWriter w, string uri)
    {
        w.StartMedia("MediaUri");
        w.Schema("Uri", uri);
        w.Schema("InvalidAfterConnect", false);
        w.Schema("InvalidAfterReboot", false);
        w.Schema("Timeout", "PT0S");
        w.End();
    }
}
