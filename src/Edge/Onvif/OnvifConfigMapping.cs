using System.Net;
using Edge.Auth;
using Edge.Config;

namespace Edge.Onvif;

/// <summary>Maps edge.toml to the ONVIF library's options: the library knows nothing of the config file.</summary>
internal static class OnvifConfigMapping
{
    public const string Manufacturer = "Edge";

    public static OnvifOptions ToOptions(EdgeConfig config, OnvifIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(identity);
        var rtspAddress = config.Rtsp.Listen.ToIPAddress();
        var board = BoxIdentity.BoardModel();
        return new OnvifOptions
        {
            Device = new OnvifDeviceInfo
            {
                Manufacturer = Manufacturer,
                Model = board is null ? "Edge" : $"Edge on {board}",
                FirmwareVersion = Cli.Usage.Version,
                SerialNumber = identity.SerialNumber,
                HardwareId = BoxIdentity.HardwareId(),
                Name = config.Device.Name,
                Location = config.Onvif.Location,
                Hostname = Dns.GetHostName(),
            },
            Cameras = [.. config.Cameras.Select(ToCamera)],
            RtspPort = config.Rtsp.Listen.Port,
            RtspHost = IPAddress.Any.Equals(rtspAddress) || IPAddress.IPv6Any.Equals(rtspAddress) ? null : LocalInterfaces.UrlHost(rtspAddress),
            RtspTcp = config.Rtsp.Transports.HasFlag(RtspTransports.Tcp),
            RtspUdp = config.Rtsp.Transports.HasFlag(RtspTransports.Udp),
            RequireAuth = config.Http.LoginRequired,
            Users = [.. config.Http.Users.Select(u => new UserCredential(u.Name, u.Password))],
            AllowPlainPasswords = config.Http.Auth != HttpAuthMode.Digest,
            Realm = config.Http.Realm,
            NetworkInterfaces = LocalInterfaces.ForOnvif,
            MacAddress = LocalInterfaces.PrimaryMac(),
        };
    }

    private static OnvifCamera ToCamera(CameraConfig camera) => new(
        camera.Name,
        camera.Width,
        camera.Height,
        camera.Fps,
        camera.Encoder.BitrateKbps,
        Math.Max(1, (int)Math.Round(camera.Encoder.KeyframeInterval.TotalSeconds * camera.Fps)),
        camera.Encoder.Profile switch
        {
            H264Profile.Baseline => "Baseline",
            H264Profile.High => "High",
            _ => "Main",
        });
}
