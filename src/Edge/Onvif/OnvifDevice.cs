using Edge.Config;

namespace Edge.Onvif;

/// <summary>
/// This box as an ONVIF device, made once for the daemon's life: its identity (endpoint UUID and
/// serial), the options mapped from edge.toml and the server that answers calls. Shared by the web
/// routes and discovery so both name the same device.
/// </summary>
internal sealed class OnvifDevice
{
    public OnvifDevice(EdgeConfig config, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
        Identity = new OnvifIdentity(BoxIdentity.MachineId(config.Device.Name));
        Options = OnvifConfigMapping.ToOptions(config, Identity);
        Server = new OnvifServer(Options, time);
    }

    public EdgeConfig Config { get; }

    public OnvifIdentity Identity { get; }

    public OnvifOptions Options { get; }

    public OnvifServer Server { get; }

    /// <summary>The web server's scheme.</summary>
    public string HttpScheme => Config.Http.IsTls ? "https" : "http";
}
