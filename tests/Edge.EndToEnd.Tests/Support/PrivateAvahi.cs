using System.Globalization;
using System.Text.RegularExpressions;
using Edge.Tests.Shared.Peers;

namespace Edge.EndToEnd.Tests.Support;

/// <summary>
/// A system bus and an avahi-daemon of the test's own, as Debian runs them but kept apart from
/// the machine's: dbus-daemon with the system bus's default policy and avahi's own policy file
/// (<c>/usr/share/dbus-1/system.d/avahi-dbus.conf</c>), listening on a socket in a temporary
/// directory; avahi-daemon in a network namespace with one end of a veth pair (its mDNS
/// multicast stays between the two namespaces made for the test) and, in a mount namespace of its
/// own, an empty <c>/run</c> (its pid file and socket) and <c>/etc/avahi/services</c> (so the
/// machine's static service files do not mix in). Programs reach both through
/// <see cref="Environment"/>; D-Bus is a Unix socket, which crosses network namespaces.
/// </summary>
internal sealed partial class PrivateAvahi : IDisposable
{
    public const string DbusDaemonPath = "/usr/bin/dbus-daemon";
    public const string AvahiDaemonPath = "/usr/sbin/avahi-daemon";
    public const string AvahiBrowsePath = "/usr/bin/avahi-browse";
    public const string AvahiPublishPath = "/usr/bin/avahi-publish";
    public const string AvahiPolicyPath = "/usr/share/dbus-1/system.d/avahi-dbus.conf";

    /// <summary>The host name avahi announces (instead of the machine's), so names are known in advance.</summary>
    public const string HostName = "edge-e2e-mdns";

    private const string Address = "10.233.0.1";
    private readonly string _directory;
    private readonly string _peerNamespace;
    private PeerProcess? _bus;
    private PeerProcess? _avahi;

    private PrivateAvahi(string directory, string networkNamespace, string peerNamespace)
    {
        _directory = directory;
        NetworkNamespace = networkNamespace;
        _peerNamespace = peerNamespace;
    }

    /// <summary>What is missing to run these tests here, or null when everything is (tests/prerequisites.sh installs it).</summary>
    public static string? Missing()
    {
        foreach (var (path, package) in new[] { (DbusDaemonPath, "dbus-daemon"), (AvahiDaemonPath, "avahi-daemon"), (AvahiBrowsePath, "avahi-utils"), (AvahiPolicyPath, "avahi-daemon") })
        {
            if (!File.Exists(path))
                return $"{path} is missing: apt-get install {package} (tests/prerequisites.sh)";
        }
        return string.Equals(System.Environment.UserName, "root", StringComparison.Ordinal)
            ? null
            : "needs root to make network namespaces (ip netns) and run avahi-daemon; the announcement plan is tested in Edge.Tests";
    }

    /// <summary>The network namespace avahi-daemon runs in; edge runs there too, to listen beyond loopback without reaching the machine's network.</summary>
    public string NetworkNamespace { get; }

    /// <summary>The private system bus's address.</summary>
    public string BusAddress => $"unix:path={Path.Combine(_directory, "system_bus_socket")}";

    /// <summary>The variables that point a program at the private bus.</summary>
    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?> { ["DBUS_SYSTEM_BUS_ADDRESS"] = BusAddress };

    /// <summary>What avahi-daemon logged so far.</summary>
    public string AvahiOutput => _avahi?.Output ?? "";

    /// <summary>Starts the bus and the link; avahi-daemon too unless <paramref name="withAvahi"/> is false.</summary>
    public static async Task<PrivateAvahi> StartAsync(bool withAvahi = true)
    {
        var id = System.Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var directory = Directory.CreateTempSubdirectory("edge-mdns-").FullName;
        var avahi = new PrivateAvahi(directory, $"edge-mdns-{id}-a", $"edge-mdns-{id}-b");
        try
        {
            await avahi.StartBusAsync();
            await avahi.MakeLinkAsync(id);
            if (withAvahi)
                await avahi.StartAvahiAsync();
            return avahi;
        }
        catch
        {
            avahi.Dispose();
            throw;
        }
    }

    /// <summary>Starts avahi-daemon (again) and waits until it runs.</summary>
    public async Task StartAvahiAsync()
    {
        _avahi?.Dispose();
        var config = Path.Combine(_directory, "avahi-daemon.conf");
        await File.WriteAllTextAsync(config, $"""
            [server]
            host-name={HostName}
            use-ipv4=yes
            use-ipv6=no
            allow-interfaces={LinkName}
            enable-dbus=yes
            [publish]
            publish-hinfo=no
            publish-workstation=no
            """);
        var script = $"mount -t tmpfs tmpfs /run && {{ [ ! -d /etc/avahi/services ] || mount -t tmpfs tmpfs /etc/avahi/services; }} "
            + $"&& DBUS_SYSTEM_BUS_ADDRESS='{BusAddress}' exec {AvahiDaemonPath} -f '{config}' --no-chroot --no-drop-root --no-rlimits";
        _avahi = PeerProcess.Start("ip", ["netns", "exec", NetworkNamespace, "unshare", "--mount", "sh", "-c", script], _directory);
        await WaitUntilAsync(() => _avahi.Output.Contains("Server startup complete", StringComparison.Ordinal), "avahi-daemon to start", () => _avahi.Output);
    }

    /// <summary>Stops avahi-daemon, as <c>systemctl stop avahi-daemon</c> would.</summary>
    public void StopAvahi()
    {
        _avahi?.Dispose();
        _avahi = null;
    }

    /// <summary>Every service of <paramref name="type"/> avahi resolves now (<c>avahi-browse -rpt TYPE</c>).</summary>
    public async Task<IReadOnlyList<BrowsedService>> BrowseAsync(string type)
    {
        var run = await ExternalTool.RunAsync("/usr/bin/env", [$"DBUS_SYSTEM_BUS_ADDRESS={BusAddress}", AvahiBrowsePath, "-rpt", type], TimeSpan.FromSeconds(30));
        if (run.ExitCode != 0)
            throw new InvalidOperationException($"avahi-browse -rpt {type} failed ({run.ExitCode}): {run.Stderr}\navahi-daemon:\n{AvahiOutput}");
        // "=;IFACE;PROTO;NAME;TYPE-DESCRIPTION;DOMAIN;HOST;ADDRESS;PORT;TXT": one line per resolved address.
        return run.StdoutText.Split('\n')
            .Where(line => line.StartsWith("=;", StringComparison.Ordinal))
            .Select(line => line.Split(';'))
            .Select(f => new BrowsedService(Unescape(f[3]), f[6], int.Parse(f[8], CultureInfo.InvariantCulture), f[9]))
            .Distinct()
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>Browses until <paramref name="expected"/> holds (announcements take a second of probing), bounded.</summary>
    public async Task<IReadOnlyList<BrowsedService>> BrowseUntilAsync(string type, Func<IReadOnlyList<BrowsedService>, bool> expected, TimeSpan bound, Func<string> context)
    {
        var deadline = DateTime.UtcNow + bound;
        while (true)
        {
            var services = await BrowseAsync(type);
            if (expected(services))
                return services;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"avahi-browse {type} did not see what was expected within {bound.TotalSeconds:0} s; it saw:\n{string.Join('\n', services)}\n{context()}");
            await Task.Delay(250);
        }
    }

    /// <summary>Announces a service from another program on this avahi (<c>avahi-publish -s</c>) until disposed.</summary>
    public PeerProcess Publish(string name, string type, int port) =>
        PeerProcess.Start("/usr/bin/env", [$"DBUS_SYSTEM_BUS_ADDRESS={BusAddress}", AvahiPublishPath, "-s", name, type, port.ToString(CultureInfo.InvariantCulture)], _directory);

    public void Dispose()
    {
        _avahi?.Dispose();
        _bus?.Dispose();
        foreach (var ns in new[] { NetworkNamespace, _peerNamespace })
            _ = ExternalTool.RunAsync("ip", ["netns", "del", ns], TimeSpan.FromSeconds(10)).Wait(TimeSpan.FromSeconds(10));
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string LinkName => $"ema{System.Environment.ProcessId}";

    private async Task StartBusAsync()
    {
        var socket = Path.Combine(_directory, "system_bus_socket");
        var config = Path.Combine(_directory, "system-bus.conf");
        // The system bus's default policy (/usr/share/dbus-1/system.conf): method calls are denied
        // unless a service's policy file allows them, as avahi's does.
        await File.WriteAllTextAsync(config, $"""
            <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
            <busconfig>
              <type>system</type>
              <listen>unix:path={socket}</listen>
              <auth>EXTERNAL</auth>
              <policy context="default">
                <allow user="*"/>
                <deny own="*"/>
                <deny send_type="method_call"/>
                <allow send_type="signal"/>
                <allow send_requested_reply="true" send_type="method_return"/>
                <allow send_requested_reply="true" send_type="error"/>
                <allow receive_type="method_call"/>
                <allow receive_type="method_return"/>
                <allow receive_type="error"/>
                <allow receive_type="signal"/>
                <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus"/>
                <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Introspectable"/>
              </policy>
              <include>{AvahiPolicyPath}</include>
            </busconfig>
            """);
        _bus = PeerProcess.Start(DbusDaemonPath, [$"--config-file={config}", "--nofork", "--nopidfile"], _directory);
        await WaitUntilAsync(() => File.Exists(socket), "dbus-daemon to listen", () => _bus.Output);
    }

    /// <summary>A veth pair: avahi's end (10.233.0.1, multicast routed to it) and a peer end in a second namespace, both up.</summary>
    private async Task MakeLinkAsync(string id)
    {
        var peerLink = $"emb{id}";
        await IpAsync("netns", "add", NetworkNamespace);
        await IpAsync("netns", "add", _peerNamespace);
        await IpAsync("link", "add", LinkName, "type", "veth", "peer", "name", peerLink);
        await IpAsync("link", "set", LinkName, "netns", NetworkNamespace);
        await IpAsync("link", "set", peerLink, "netns", _peerNamespace);
        await IpAsync("-n", NetworkNamespace, "link", "set", "lo", "up");
        await IpAsync("-n", NetworkNamespace, "addr", "add", $"{Address}/24", "dev", LinkName);
        await IpAsync("-n", NetworkNamespace, "link", "set", LinkName, "up");
        await IpAsync("-n", NetworkNamespace, "route", "add", "224.0.0.0/4", "dev", LinkName);
        await IpAsync("-n", _peerNamespace, "link", "set", peerLink, "up");
    }

    private static async Task IpAsync(params string[] args)
    {
        var run = await ExternalTool.RunAsync("ip", args, TimeSpan.FromSeconds(10));
        if (run.ExitCode != 0)
            throw new InvalidOperationException($"ip {string.Join(' ', args)}: {run.Stderr}");
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what, Func<string> output)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"waited 20 s for {what}:\n{output()}");
            await Task.Delay(100);
        }
    }

    /// <summary>avahi-browse -p writes a name's dots, semicolons, backslashes and spaces as \DDD (decimal).</summary>
    private static string Unescape(string name) =>
        DecimalEscape().Replace(name, m => ((char)int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToString());

    [GeneratedRegex(@"\\(\d{3})")]
    private static partial Regex DecimalEscape();
}

/// <summary>One service as avahi-browse resolved it.</summary>
internal sealed record BrowsedService(string Name, string Host, int Port, string Txt);
