using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Xml.Linq;
using Edge.Onvif.Discovery;
using Edge.Onvif.Soap;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Onvif.Tests;

/// <summary>WS-Discovery: reading probes, matching them, the messages sent, and the responder answering a unicast probe.</summary>
public sealed class WsDiscoveryTests
{
    private const string Endpoint = "urn:uuid:5a1c2b7e-0000-5000-8000-000000000001";

    private static readonly IReadOnlyList<string> Scopes = ["onvif://www.onvif.org/Profile/Streaming", "onvif://www.onvif.org/name/edge-cam", "onvif://www.onvif.org/location/porch"];

    /// <summary>The probe the npm onvif package sends (its Discovery.probe), byte for byte but the message id.</summary>
    public static string NpmProbe(string messageId = "urn:uuid:11111111-2222-3333-4444-555555555555", string types = "dn:NetworkVideoTransmitter", string scopes = "") =>
        "<Envelope xmlns=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:dn=\"http://www.onvif.org/ver10/network/wsdl\">" +
        "<Header>" +
        $"<wsa:MessageID xmlns:wsa=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\">{messageId}</wsa:MessageID>" +
        "<wsa:To xmlns:wsa=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\">urn:schemas-xmlsoap-org:ws:2005:04:discovery</wsa:To>" +
        "<wsa:Action xmlns:wsa=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\">http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</wsa:Action>" +
        "</Header>" +
        "<Body>" +
        "<Probe xmlns=\"http://schemas.xmlsoap.org/ws/2005/04/discovery\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">" +
        $"<Types>{types}</Types>" +
        $"<Scopes>{scopes}</Scopes>" +
        "</Probe>" +
        "</Body>" +
        "</Envelope>";

    [Fact]
    public void NpmProbe_IsRead_WithItsTypeResolvedToTheNetworkNamespace()
    {
        var probe = WsDiscoveryProbe.TryRead(Encoding.UTF8.GetBytes(NpmProbe()))!;

        Assert.Equal("urn:uuid:11111111-2222-3333-4444-555555555555", probe.MessageId);
        Assert.Equal(("NetworkVideoTransmitter", SoapNamespaces.Network), (probe.Types.Single().Name, probe.Types.Single().Namespace));
        Assert.True(probe.Matches(WsDiscoveryMessages.DeviceTypes, Scopes));
    }

    [Theory]
    [InlineData("dn:NetworkVideoTransmitter", "", true)]
    [InlineData("", "", true)]
    [InlineData("dn:NetworkVideoDisplay", "", false)]
    [InlineData("dn:NetworkVideoTransmitter", "onvif://www.onvif.org/Profile/Streaming", true)]
    [InlineData("dn:NetworkVideoTransmitter", "onvif://www.onvif.org/location", true)]
    [InlineData("dn:NetworkVideoTransmitter", "onvif://www.onvif.org/location/garage", false)]
    [InlineData("dn:NetworkVideoTransmitter", "onvif://www.onvif.org/loc", false)]
    public void Matching_FollowsTypesAndScopes(string types, string scopes, bool matches)
    {
        var probe = WsDiscoveryProbe.TryRead(Encoding.UTF8.GetBytes(NpmProbe(types: types, scopes: scopes)))!;

        Assert.Equal(matches, probe.Matches(WsDiscoveryMessages.DeviceTypes, Scopes));
    }

    [Fact]
    public void ProbeMatches_RelatesToTheProbe_AndNamesEndpointTypesScopesAndXAddrs()
    {
        var messages = new WsDiscoveryMessages(Endpoint, Scopes, 1_700_000_000);

        var xml = XDocument.Parse(Encoding.UTF8.GetString(messages.ProbeMatches("urn:uuid:probe-1", "http://10.0.0.5:8080/onvif/device_service")));

        XNamespace wsa = SoapNamespaces.Addressing, wsd = SoapNamespaces.Discovery;
        Assert.Equal("urn:uuid:probe-1", xml.Descendants(wsa + "RelatesTo").Single().Value);
        Assert.Equal(SoapNamespaces.Discovery + "/ProbeMatches", xml.Descendants(wsa + "Action").Single().Value);
        var match = xml.Descendants(wsd + "ProbeMatch").Single();
        Assert.Equal(Endpoint, match.Element(wsa + "EndpointReference")!.Element(wsa + "Address")!.Value);
        Assert.Equal("tdn:NetworkVideoTransmitter tds:Device", match.Element(wsd + "Types")!.Value);
        Assert.Equal(string.Join(' ', Scopes), match.Element(wsd + "Scopes")!.Value);
        Assert.Equal("http://10.0.0.5:8080/onvif/device_service", match.Element(wsd + "XAddrs")!.Value);
    }

    [Fact]
    public void HelloAndBye_CarryTheSameEndpoint_AndCountTheirMessages()
    {
        var messages = new WsDiscoveryMessages(Endpoint, Scopes, 42);
        XNamespace wsa = SoapNamespaces.Addressing, wsd = SoapNamespaces.Discovery;

        var hello = XDocument.Parse(Encoding.UTF8.GetString(messages.Hello("http://10.0.0.5:8080/onvif/device_service")));
        var bye = XDocument.Parse(Encoding.UTF8.GetString(messages.Bye()));

        Assert.Equal(Endpoint, hello.Descendants(wsd + "Hello").Single().Descendants(wsa + "Address").Single().Value);
        Assert.Equal(Endpoint, bye.Descendants(wsd + "Bye").Single().Descendants(wsa + "Address").Single().Value);
        Assert.Empty(bye.Descendants(wsd + "XAddrs"));
        Assert.Equal(("42", "1"), (hello.Descendants(wsd + "AppSequence").Single().Attribute("InstanceId")!.Value, hello.Descendants(wsd + "AppSequence").Single().Attribute("MessageNumber")!.Value));
        Assert.Equal("2", bye.Descendants(wsd + "AppSequence").Single().Attribute("MessageNumber")!.Value);
    }

    [Fact]
    public void Identity_IsStableForAMachineId_AndDiffersBetweenMachines()
    {
        var a = new OnvifIdentity("0123456789abcdef0123456789abcdef");
        var again = new OnvifIdentity("0123456789abcdef0123456789abcdef\n");
        var b = new OnvifIdentity("fedcba9876543210fedcba9876543210");

        Assert.Equal(a.EndpointUuid, again.EndpointUuid);
        Assert.Equal(a.SerialNumber, again.SerialNumber);
        Assert.NotEqual(a.EndpointUuid, b.EndpointUuid);
        Assert.Matches("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", a.EndpointUuid);
        Assert.Matches("^[0-9A-F]{12}$", a.SerialNumber);
        Assert.DoesNotContain("0123456789abcdef", a.EndpointUuid, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Responder_AnswersAUnicastProbe_AndIgnoresOtherMessages()
    {
        var port = FreeUdpPort();
        var messages = new WsDiscoveryMessages(Endpoint, Scopes, 1);
        await using var responder = new WsDiscoveryResponder(messages, Scopes, local => $"http://{local}:8080/onvif/device_service", () => [], NullLogger.Instance, port);
        Assert.True(await responder.StartAsync(CancellationToken.None));

        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var target = new IPEndPoint(IPAddress.Loopback, port);
        await client.SendAsync(Encoding.UTF8.GetBytes("not xml at all"), target);
        await client.SendAsync(Encoding.UTF8.GetBytes(NpmProbe(types: "dn:NetworkVideoDisplay")), target);
        await client.SendAsync(Encoding.UTF8.GetBytes(NpmProbe("urn:uuid:probe-2")), target);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var reply = await client.ReceiveAsync(timeout.Token);
        var xml = XDocument.Parse(Encoding.UTF8.GetString(reply.Buffer));

        XNamespace wsa = SoapNamespaces.Addressing, wsd = SoapNamespaces.Discovery;
        // The first answer is to the matching probe: the garbage and the display probe got none.
        Assert.Equal("urn:uuid:probe-2", xml.Descendants(wsa + "RelatesTo").Single().Value);
        Assert.Equal("http://127.0.0.1:8080/onvif/device_service", xml.Descendants(wsd + "XAddrs").Single().Value);
    }

    [Fact]
    public async Task Responder_OnAPortTaken_ReportsItCannotStart()
    {
        using var holder = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        holder.Bind(new IPEndPoint(IPAddress.Any, 0)); // no SO_REUSEADDR: the port cannot be shared
        var port = ((IPEndPoint)holder.LocalEndPoint!).Port;
        await using var responder = new WsDiscoveryResponder(new WsDiscoveryMessages(Endpoint, Scopes, 1), Scopes, _ => "", () => [], NullLogger.Instance, port);

        Assert.False(await responder.StartAsync(CancellationToken.None));
    }

    internal static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
