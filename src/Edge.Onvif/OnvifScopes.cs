namespace Edge.Onvif;

/// <summary>The ONVIF scopes of a box (ONVIF Core 7.3.2.2): what it is and where, matched by Probe and listed by GetScopes.</summary>
public static class OnvifScopes
{
    public const string Prefix = "onvif://www.onvif.org/";

    public static IReadOnlyList<string> For(OnvifDeviceInfo device, string? macAddress)
    {
        ArgumentNullException.ThrowIfNull(device);
        var scopes = new List<string>
        {
            Prefix + "Profile/Streaming",
            Prefix + "type/video_encoder",
            Prefix + "type/Network_Video_Transmitter",
            Prefix + "name/" + Uri.EscapeDataString(device.Name),
            Prefix + "hardware/" + Uri.EscapeDataString(device.Model),
            Prefix + "location/" + Uri.EscapeDataString(device.Location),
        };
        if (macAddress is { Length: > 0 })
            scopes.Add(Prefix + "MAC/" + macAddress);
        return scopes;
    }
}
