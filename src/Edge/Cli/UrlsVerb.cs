using System.Net;
using Edge.Config;
using Edge.Live;
using Edge.Network;
using Edge.Onvif;
using Edge.Snapshots;

namespace Edge.Cli;

/// <summary>
/// <c>edge urls [--config PATH]</c>: every camera's RTSP, live-view and snapshot URL at this
/// board's addresses, the status page and the ONVIF device service, read from the same config
/// <c>edge run</c> would use.
/// </summary>
internal static class UrlsVerb
{
    public static int Execute(UrlsCommand command, TextWriter output, TextWriter errors, string defaultPath = ConfigLoader.DefaultPath)
    {
        EdgeConfig config;
        if (command.ConfigPath is null && !File.Exists(defaultPath))
        {
            config = ConfigLoader.Defaults();
            output.WriteLine($"(no config file at {defaultPath}: the built-in defaults edge run would use)");
        }
        else
        {
            var path = command.ConfigPath ?? defaultPath;
            var result = ConfigLoader.LoadFile(path);
            if (!result.IsValid)
            {
                foreach (var error in result.Errors)
                    errors.WriteLine(error);
                errors.WriteLine($"edge: {path} has {result.Errors.Count} problem{(result.Errors.Count == 1 ? "" : "s")}; fix and try again (edge check-config {path} lists them)");
                return 1;
            }
            config = result.Config;
        }

        Write(config, ReachableAddresses.Of, output);
        return 0;
    }

    /// <param name="config">The config whose URLs to print.</param>
    /// <param name="addressesOf">The addresses a listen address is reachable at (the host's, in production).</param>
    /// <param name="output">Where to print.</param>
    internal static void Write(EdgeConfig config, Func<IPAddress, IReadOnlyList<IPAddress>> addressesOf, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(addressesOf);
        ArgumentNullException.ThrowIfNull(output);

        // The user's name, never the password: the URL is for pasting into a player, which asks.
        var rtspUser = config.Rtsp.Auth != RtspAuthMode.None && config.Rtsp.Users.Count > 0 ? $"{config.Rtsp.Users[0].Name}@" : "";
        var rtspHosts = Hosts(config.Rtsp.Listen, addressesOf);
        var httpHosts = config.Http.Enabled ? Hosts(config.Http.Listen, addressesOf) : [];
        var web = config.Http.IsTls ? "https" : "http";
        // A browser asks for the password itself; curl and Home Assistant need the user in their settings.
        var webUser = config.Http.LoginRequired && config.Http.Users.Count > 0 ? $"{config.Http.Users[0].Name}@" : "";
        foreach (var camera in config.Cameras)
        {
            output.WriteLine($"{camera.Name}:");
            foreach (var host in rtspHosts)
                output.WriteLine($"  rtsp      rtsp://{rtspUser}{host}:{config.Rtsp.Listen.Port}/{camera.Name}");
            foreach (var host in httpHosts)
            {
                output.WriteLine($"  live      {web}://{host}:{config.Http.Listen.Port}{LivePage.PathOf(camera.Name)}");
                output.WriteLine($"  snapshot  {web}://{webUser}{host}:{config.Http.Listen.Port}{SnapshotRegistry.PathOf(camera.Name)}");
            }
        }

        if (!config.Http.Enabled)
        {
            output.WriteLine("status page: off ([http] enabled = false)");
            return;
        }
        foreach (var host in httpHosts)
            output.WriteLine($"status page: {web}://{host}:{config.Http.Listen.Port}/");
        // What an NVR asks for when it is added by hand (discovery finds the same address itself).
        if (config.Onvif.Enabled)
        {
            foreach (var host in httpHosts)
                output.WriteLine($"ONVIF device service: {web}://{host}:{config.Http.Listen.Port}{OnvifRequestContext.DevicePath}");
        }
        else
        {
            output.WriteLine("ONVIF: off ([onvif] enabled = false)");
        }
        if (IPAddress.IsLoopback(config.Http.Listen.ToIPAddress()))
            output.WriteLine($"(the page is for this machine only: [http] listen = \"{config.Http.Listen}\"; \"0.0.0.0:{config.Http.Listen.Port}\" opens it to the network)");
        if (config.Rtsp.Auth != RtspAuthMode.None && config.Rtsp.Users.Count > 0)
            output.WriteLine($"(RTSP asks for a password: user {config.Rtsp.Users[0].Name}, password in [[rtsp.users]] of the config)");
        if (config.Http.LoginRequired && config.Http.Users.Count > 0)
            output.WriteLine($"(the page asks for a login: user {config.Http.Users[0].Name}, password in [[{(config.Http.UsersFromRtsp ? "rtsp" : "http")}.users]] of the config)");
    }

    private static string[] Hosts(ListenEndpoint listen, Func<IPAddress, IReadOnlyList<IPAddress>> addressesOf) =>
        addressesOf(listen.ToIPAddress()).Select(ReachableAddresses.ForUrl).ToArray();
}
