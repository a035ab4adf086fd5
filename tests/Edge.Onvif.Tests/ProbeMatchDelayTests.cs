using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using System.Xml.Linq;
using Edge.Onvif.Discovery;
using Edge.Onvif.Soap;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Onvif.Tests;

/// <summary>WS-Discovery 1.1's APP_MAX_DELAY: a multicast Probe is answered after a random wait up to 500 ms, a unicast one at once.</summary>
public sealed class ProbeMatchDelayTests
{
    private const string Endpoint = "urn:uuid:5a1c2b7e-0000-5000-8000-000000000002";
    private static readonly IReadOnlyList<string> Scopes = ["onvif://www.onvif.org/Profile/Streaming"];

    /// <summary>Always the longest wait the delay may ask for, so a test knows when the answer is due.</summary>
    private sealed class Longest : Random
    {
        public override int Next(int minValue, int maxValue) => maxValue - 1;
    }

    [Fact]
    public void MulticastWaits_AreSpreadOverZeroTo500Ms_AndUnicastNeverWaits()
    {
        var delay = new ProbeMatchDelay(new Random(17));

        var waits = Enumerable.Range(0, 2000).Select(_ => delay.For(multicast: true)).ToList();

        Assert.All(waits, wait => Assert.InRange(wait, TimeSpan.Zero, ProbeMatchDelay.AppMaxDelay));
        Assert.Equal(TimeSpan.FromMilliseconds(500), ProbeMatchDelay.AppMaxDelay);
        // Spread over the whole window, not bunched: both ends reached within a few milliseconds,
        // and about half the waits in each half.
        Assert.True(waits.Min() < TimeSpan.FromMilliseconds(5) && waits.Max() > TimeSpan.FromMilliseconds(495), $"{waits.Min()}..{waits.Max()}");
        Assert.InRange(waits.Count(w => w < TimeSpan.FromMilliseconds(250)), 850, 1150);
        Assert.Equal(TimeSpan.Zero, delay.For(multicast: false));
        Assert.Equal(TimeSpan.FromMilliseconds(500), new ProbeMatchDelay(new Longest()).For(multicast: true));
    }

    [Fact]
    public async Task Responder_AnswersAMulticastProbeAfterItsDelay_AndAUnicastOneAtOnce()
    {
        var port = WsDiscoveryTests.FreeUdpPort();
        var time = new FakeTimeProvider();
        var loopback = NetworkInterface.GetAllNetworkInterfaces().Single(n => n.NetworkInterfaceType == NetworkInterfaceType.Loopback);
        var lo = new DiscoveryInterface(loopback.Name, loopback.GetIPProperties().GetIPv4Properties().Index, IPAddress.Loopback);
        await using var responder = new WsDiscoveryResponder(new WsDiscoveryMessages(Endpoint, Scopes, 1), Scopes, local => $"http://{local}:8080/onvif/device_service", () => [lo], NullLogger.Instance, port, time, new ProbeMatchDelay(new Longest()));
        Assert.True(await responder.StartAsync(CancellationToken.None));

        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        client.Client.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, IPAddress.HostToNetworkOrder(lo.Index));
        await client.SendAsync(Encoding.UTF8.GetBytes(WsDiscoveryTests.NpmProbe("urn:uuid:multicast")), new IPEndPoint(WsDiscoveryResponder.Group, port));
        await client.SendAsync(Encoding.UTF8.GetBytes(WsDiscoveryTests.NpmProbe("urn:uuid:unicast")), new IPEndPoint(IPAddress.Loopback, port));

        // The probes are read in order, so the unicast answer coming first, with the clock
        // standing still, shows the multicast one is waiting.
        Assert.Equal("urn:uuid:unicast", await RelatesToAsync(client, TimeSpan.FromSeconds(10)));
        time.Advance(ProbeMatchDelay.AppMaxDelay - TimeSpan.FromMilliseconds(1));
        Assert.Null(await RelatesToAsync(client, TimeSpan.FromMilliseconds(300)));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("urn:uuid:multicast", await RelatesToAsync(client, TimeSpan.FromSeconds(10)));
    }

    /// <summary>The RelatesTo of the next ProbeMatch within <paramref name="wait"/>, or null when none came.</summary>
    private static async Task<string?> RelatesToAsync(UdpClient client, TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            var reply = await client.ReceiveAsync(timeout.Token);
            XNamespace wsa = SoapNamespaces.Addressing;
            return XDocument.Parse(Encoding.UTF8.GetString(reply.Buffer)).Descendants(wsa + "RelatesTo").Single().Value;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }
}
