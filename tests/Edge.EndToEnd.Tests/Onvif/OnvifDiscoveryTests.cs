using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Edge.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace Edge.EndToEnd.Tests.Onvif;

/// <summary>
/// WS-Discovery across a real link: multicast needs an interface that is not loopback, so edge
/// runs in one network namespace and the npm onvif client in another, joined by a veth pair made
/// for the test; nothing leaves the two namespaces. The client's multicast Probe finds edge, the
/// XAddr it gets leads it to the device and its stream, and a listener there hears Hello when edge
/// starts and Bye when it stops.
/// </summary>
public sealed class OnvifDiscoveryTests(ITestOutputHelper output)
{
    private const string User = "viewer";
    private const string Password = "discovery-pw";
    private const string EdgeAddress = "10.231.0.1";
    private const string ClientAddress = "10.231.0.2";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [OnvifFact(NeedsNetworkNamespaces = true)]
    public async Task A_probe_from_the_npm_client_on_another_namespace_finds_edge_which_says_hello_and_bye()
    {
        var id = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var edgeNs = $"edge-onvif-{id}-a";
        var clientNs = $"edge-onvif-{id}-b";
        try
        {
            await MakeLinkAsync(edgeNs, clientNs, id);

            // The listener starts first, to hear the Hello of edge's start.
            var listening = OnvifClient.RunInAsync(clientNs, "listen", "45000", ClientAddress);
            await WaitUntilBoundAsync(clientNs, Bound);

            var config = Path.Combine(Path.GetTempPath(), $"edge-e2e-onvif-{Guid.NewGuid():N}.toml");
            await File.WriteAllTextAsync(config, $"""
                [device]
                name = "Barn camera"
                [rtsp]
                listen = "0.0.0.0:8554"
                auth = "digest"
                [[rtsp.users]]
                name = "{User}"
                password = "{Password}"
                [camera.cam]
                source = "test"
                width = 320
                height = 240
                fps = 10
                [http]
                listen = "0.0.0.0:8080"
                [onvif]
                location = "barn"
                [log]
                level = "debug"
                """);
            using var notify = new NotifySocket();
            using var edge = EdgeProcess.StartInNetworkNamespace(edgeNs, ["run", "--config", config], new Dictionary<string, string?> { ["NOTIFY_SOCKET"] = notify.Path });
            try
            {
                await notify.WaitForAsync("READY=1", Bound);
                await edge.WaitForOutputAsync("ONVIF discovery (WS-Discovery) listening on UDP 3702", Bound);

                var (exit, json, stderr) = await OnvifClient.RunInAsync(clientNs, "discover", "3000", User, Password);
                Assert.True(exit == 0, $"discovery failed: {stderr}\n{edge.Output}");
                using var _ = json;
                var root = json!.RootElement;
                var match = root.GetProperty("probeMatches").EnumerateArray().Single();
                var matchXml = match.GetProperty("xml").GetString()!;
                output.WriteLine($"ProbeMatches from {match.GetProperty("from")}:\n{matchXml}");
                Assert.Equal(EdgeAddress, match.GetProperty("hostname").GetString());
                Assert.Contains($"<wsd:XAddrs>http://{EdgeAddress}:8080/onvif/device_service</wsd:XAddrs>", matchXml, StringComparison.Ordinal);
                Assert.Contains("onvif://www.onvif.org/Profile/Streaming", matchXml, StringComparison.Ordinal);
                Assert.Contains("onvif://www.onvif.org/name/Barn%20camera", matchXml, StringComparison.Ordinal);
                Assert.Contains("onvif://www.onvif.org/location/barn", matchXml, StringComparison.Ordinal);
                Assert.Contains("onvif://www.onvif.org/MAC/", matchXml, StringComparison.Ordinal);
                var endpoint = System.Text.RegularExpressions.Regex.Match(matchXml, "<wsa:Address>(urn:uuid:[0-9a-f-]{36})</wsa:Address>").Groups[1].Value;
                Assert.NotEqual("", endpoint);

                // The XAddr found leads to the device: the client logs in and gets the stream, which plays from there.
                var connected = root.GetProperty("connected");
                var streamUri = connected.GetProperty("profiles")[0].GetProperty("streamUri").GetString()!;
                Assert.Equal($"rtsp://{EdgeAddress}:8554/cam", streamUri);
                await OnvifTests.AssertPlaysAsync($"rtsp://{User}:{Password}@{EdgeAddress}:8554/cam", 320, 240, clientNs);

                edge.Signal(Posix.SIGTERM);
                Assert.True(edge.WaitForExit(TimeSpan.FromSeconds(10)), "edge did not stop");

                var heard = await listening;
                Assert.True(heard.ExitCode == 0, $"the listener failed: {heard.Stderr}");
                using var __ = heard.Json;
                var messages = heard.Json!.RootElement.GetProperty("heard").EnumerateArray().Select(m => m.GetProperty("xml").GetString()!).ToArray();
                var hello = messages.Single(m => m.Contains("/discovery/Hello<", StringComparison.Ordinal));
                var bye = messages.Single(m => m.Contains("/discovery/Bye<", StringComparison.Ordinal));
                output.WriteLine($"Hello:\n{hello}\nBye:\n{bye}");
                Assert.Contains($"<wsa:Address>{endpoint}</wsa:Address>", hello, StringComparison.Ordinal);
                Assert.Contains($"http://{EdgeAddress}:8080/onvif/device_service", hello, StringComparison.Ordinal);
                Assert.Contains($"<wsa:Address>{endpoint}</wsa:Address>", bye, StringComparison.Ordinal);
            }
            finally
            {
                if (!edge.HasExited)
                    edge.Signal(Posix.SIGKILL);
                File.Delete(config);
            }
        }
        finally
        {
            await IpAsync(allowFailure: true, "netns", "del", edgeNs);
            await IpAsync(allowFailure: true, "netns", "del", clientNs);
        }
    }

    /// <summary>Two namespaces joined by a veth pair, 10.231.0.1 (edge) and 10.231.0.2 (client), each with its loopback up and a multicast route.</summary>
    private static async Task MakeLinkAsync(string edgeNs, string clientNs, string id)
    {
        var edgeLink = $"eoa{id}";
        var clientLink = $"eob{id}";
        await IpAsync(false, "netns", "add", edgeNs);
        await IpAsync(false, "netns", "add", clientNs);
        await IpAsync(false, "link", "add", edgeLink, "type", "veth", "peer", "name", clientLink);
        await IpAsync(false, "link", "set", edgeLink, "netns", edgeNs);
        await IpAsync(false, "link", "set", clientLink, "netns", clientNs);
        foreach (var (ns, link, address) in new[] { (edgeNs, edgeLink, EdgeAddress), (clientNs, clientLink, ClientAddress) })
        {
            await IpAsync(false, "-n", ns, "link", "set", "lo", "up");
            await IpAsync(false, "-n", ns, "addr", "add", $"{address}/24", "dev", link);
            await IpAsync(false, "-n", ns, "link", "set", link, "up");
            await IpAsync(false, "-n", ns, "route", "add", "224.0.0.0/4", "dev", link);
        }
    }

    /// <summary>Waits until something in <paramref name="ns"/> listens on UDP 3702.</summary>
    private static async Task WaitUntilBoundAsync(string ns, TimeSpan bound)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < bound)
        {
            var run = await ExternalTool.RunAsync("ip", ["netns", "exec", ns, "ss", "-Hlun", "sport = :3702"], TimeSpan.FromSeconds(10));
            if (run.ExitCode == 0 && run.StdoutText.Contains(":3702", StringComparison.Ordinal))
                return;
            await Task.Delay(100);
        }
        Assert.Fail($"nothing listened on UDP 3702 in {ns} within {bound.TotalSeconds} s");
    }

    private static async Task IpAsync(bool allowFailure, params string[] args)
    {
        var run = await ExternalTool.RunAsync("ip", args, TimeSpan.FromSeconds(10));
        Assert.True(allowFailure || run.ExitCode == 0, $"ip {string.Join(' ', args)}: {run.Stderr}");
    }
}
