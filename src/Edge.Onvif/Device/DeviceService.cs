using System.Globalization;
using Edge.Onvif.Media;
using Edge.Onvif.Soap;

namespace Edge.Onvif.Device;

/// <summary>
/// The ONVIF device service (ver10, <c>/onvif/device_service</c>): who this box is, its time, its
/// services and capabilities, its network interfaces, scopes and host name. It reports and never
/// changes: every setter is answered <c>ter:ActionNotSupported</c>.
/// </summary>
public sealed class DeviceService : IOnvifService
{
    /// <summary>The operations answered, in the order of the WSDL.</summary>
    public static readonly IReadOnlyList<string> Operations =
    [
        "GetServices", "GetServiceCapabilities", "GetDeviceInformation", "GetSystemDateAndTime", "GetScopes",
        "GetHostname", "GetNetworkInterfaces", "GetCapabilities",
    ];

    private static readonly HashSet<string> OpenOperations = new(StringComparer.Ordinal)
    {
        "GetSystemDateAndTime", "GetCapabilities", "GetServices", "GetServiceCapabilities",
    };

    private readonly OnvifOptions _options;
    private readonly TimeProvider _time;

    public DeviceService(OnvifOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _options = options;
        _time = time;
    }

    public string Namespace => SoapNamespaces.Device;

    public bool IsOpen(string operation) => OpenOperations.Contains(operation);

    public SoapFault? Answer(SoapRequest request, OnvifRequestContext context, SoapWriter writer)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(writer);
        switch (request.Operation)
        {
            case "GetSystemDateAndTime": WriteDateAndTime(writer); return null;
            case "GetCapabilities": return WriteCapabilities(request, context, writer);
            case "GetServices": WriteServices(request, context, writer); return null;
            case "GetServiceCapabilities":
                writer.StartDevice("GetServiceCapabilitiesResponse");
                WriteServiceCapabilities(writer);
                writer.End();
                return null;
            case "GetDeviceInformation": WriteDeviceInformation(writer); return null;
            case "GetNetworkInterfaces": WriteNetworkInterfaces(writer); return null;
            case "GetScopes": WriteScopes(writer); return null;
            case "GetHostname": WriteHostname(writer); return null;
            default: return SoapFault.ActionNotSupported(request.Operation);
        }
    }

    private void WriteDateAndTime(SoapWriter w)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        w.StartDevice("GetSystemDateAndTimeResponse");
        w.StartDevice("SystemDateAndTime");
        // The box's clock is the system's, which a Pi keeps with NTP (systemd-timesyncd).
        w.Schema("DateTimeType", "NTP");
        w.Schema("DaylightSavings", false);
        w.StartSchema("TimeZone");
        w.Schema("TZ", "UTC0");
        w.End();
        w.StartSchema("UTCDateTime");
        w.StartSchema("Time");
        w.Schema("Hour", now.Hour);
        w.Schema("Minute", now.Minute);
        w.Schema("Second", now.Second);
        w.End();
        w.StartSchema("Date");
        w.Schema("Year", now.Year);
        w.Schema("Month", now.Month);
        w.Schema("Day", now.Day);
        w.End();
        w.End(); // UTCDateTime
        w.End(); // SystemDateAndTime
        w.End();
    }

    private SoapFault? WriteCapabilities(SoapRequest request, OnvifRequestContext context, SoapWriter w)
    {
        var category = request.Value("Category") ?? "All";
        var device = category is "All" or "Device";
        var media = category is "All" or "Media";
        if (!device && !media)
            return new SoapFault(false, "ActionNotSupported", $"this box has no {category} service", "NoSuchService");

        w.StartDevice("GetCapabilitiesResponse");
        w.StartDevice("Capabilities");
        if (device)
        {
            w.StartSchema("Device");
            w.Schema("XAddr", context.DeviceXAddr);
            w.StartSchema("Network");
            w.Schema("IPFilter", false);
            w.Schema("ZeroConfiguration", false);
            w.Schema("IPVersion6", false);
            w.Schema("DynDNS", false);
            w.End();
            w.StartSchema("System");
            w.Schema("DiscoveryResolve", false);
            w.Schema("DiscoveryBye", true);
            w.Schema("RemoteDiscovery", false);
            w.Schema("SystemBackup", false);
            w.Schema("SystemLogging", false);
            w.Schema("FirmwareUpgrade", false);
            w.StartSchema("SupportedVersions");
            w.Schema("Major", 2);
            w.Schema("Minor", 0);
            w.End();
            w.End();
            w.End(); // Device
        }
        if (media)
        {
            w.StartSchema("Media");
            w.Schema("XAddr", context.MediaXAddr);
            w.StartSchema("StreamingCapabilities");
            w.Schema("RTPMulticast", false);
            w.Schema("RTP_TCP", _options.RtspTcp);
            w.Schema("RTP_RTSP_TCP", _options.RtspTcp);
            w.End();
            w.End();
        }
        w.End(); // Capabilities
        w.End();
        return null;
    }

    private void WriteServices(SoapRequest request, OnvifRequestContext context, SoapWriter w)
    {
        var includeCapability = string.Equals(request.Value("IncludeCapability"), "true", StringComparison.OrdinalIgnoreCase);
        w.StartDevice("GetServicesResponse");
        WriteService(w, SoapNamespaces.Device, context.DeviceXAddr, includeCapability ? () => WriteServiceCapabilities(w) : null);
        WriteService(w, SoapNamespaces.Media, context.MediaXAddr, includeCapability ? () => MediaService.WriteServiceCapabilities(w, _options) : null);
        w.End();
    }

    private static void WriteService(SoapWriter w, string ns, string xaddr, Action? capabilities)
    {
        w.StartDevice("Service");
        w.Device("Namespace", ns);
        w.Device("XAddr", xaddr);
        if (capabilities is not null)
        {
            w.StartDevice("Capabilities");
            capabilities();
            w.End();
        }
        w.StartDevice("Version");
        w.Schema("Major", 2);
        w.Schema("Minor", 0);
        w.End();
        w.End();
    }

    private static void WriteServiceCapabilities(SoapWriter w)
    {
        w.StartDevice("Capabilities");
        w.StartDevice("Network");
        w.Attribute("IPFilter", false);
        w.Attribute("ZeroConfiguration", false);
        w.Attribute("IPVersion6", false);
        w.Attribute("DynDNS", false);
        w.End();
        w.StartDevice("Security");
        w.Attribute("TLS1.2", false);
        w.Attribute("UsernameToken", true);
        w.Attribute("HttpDigest", true);
        w.End();
        w.StartDevice("System");
        w.Attribute("DiscoveryResolve", false);
        w.Attribute("DiscoveryBye", true);
        w.Attribute("RemoteDiscovery", false);
        w.Attribute("SystemBackup", false);
        w.Attribute("SystemLogging", false);
        w.Attribute("FirmwareUpgrade", false);
        w.End();
        w.End();
    }

    private void WriteDeviceInformation(SoapWriter w)
    {
        var device = _options.Device;
        w.StartDevice("GetDeviceInformationResponse");
        w.Device("Manufacturer", device.Manufacturer);
        w.Device("Model", device.Model);
        w.Device("FirmwareVersion", device.FirmwareVersion);
        w.Device("SerialNumber", device.SerialNumber);
        w.Device("HardwareId", device.HardwareId);
        w.End();
    }

    private void WriteNetworkInterfaces(SoapWriter w)
    {
        w.StartDevice("GetNetworkInterfacesResponse");
        foreach (var nic in _options.NetworkInterfaces())
        {
            w.StartDevice("NetworkInterfaces");
            w.Attribute("token", nic.Name);
            w.Schema("Enabled", true);
            w.StartSchema("Info");
            w.Schema("Name", nic.Name);
            w.Schema("HwAddress", nic.MacAddress);
            w.Schema("MTU", nic.Mtu);
            w.End();
            w.StartSchema("IPv4");
            w.Schema("Enabled", nic.IPv4.Count > 0);
            w.StartSchema("Config");
            foreach (var (address, prefix) in nic.IPv4)
            {
                w.StartSchema("Manual");
                w.Schema("Address", address);
                w.Schema("PrefixLength", prefix);
                w.End();
            }
            // Whether the address came from DHCP is the OS's business; Edge does not configure it.
            w.Schema("DHCP", false);
            w.End();
            w.End();
            w.End();
        }
        w.End();
    }

    private void WriteScopes(SoapWriter w)
    {
        w.StartDevice("GetScopesResponse");
        foreach (var scope in _options.Scopes)
        {
            w.StartDevice("Scopes");
            w.Schema("ScopeDef", "Fixed");
            w.Schema("ScopeItem", scope);
            w.End();
        }
        w.End();
    }

    private void WriteHostname(SoapWriter w)
    {
        w.StartDevice("GetHostnameResponse");
        w.StartDevice("HostnameInformation");
        w.Schema("FromDHCP", false);
        w.Schema("Name", _options.Device.Hostname);
        w.End();
        w.End();
    }

    /// <summary>An ONVIF duration in seconds (<c>PT60S</c>).</summary>
    internal static string Duration(int seconds) => string.Create(CultureInfo.InvariantCulture, $"PT{seconds}S");
}
