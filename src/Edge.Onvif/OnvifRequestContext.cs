namespace Edge.Onvif;

/// <summary>How the client reached this box: the URLs handed back (service addresses, stream and snapshot URIs) use the same address.</summary>
/// <param name="Host">The local address the request came in on, as a URL host (IPv6 in brackets).</param>
/// <param name="HttpPort">The web server's port.</param>
/// <param name="HttpScheme"><c>http</c> or <c>https</c>.</param>
public sealed record OnvifRequestContext(string Host, int HttpPort, string HttpScheme = "http")
{
    public const string DevicePath = "/onvif/device_service";
    public const string MediaPath = "/onvif/media_service";

    public string BaseUrl => $"{HttpScheme}://{Host}:{HttpPort}";

    public string DeviceXAddr => BaseUrl + DevicePath;

    public string MediaXAddr => BaseUrl + MediaPath;
}
