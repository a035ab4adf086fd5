using System.Globalization;
using System.Text;
using System.Xml;
using Edge.Onvif.Soap;

namespace Edge.Onvif.Discovery;

/// <summary>
/// The WS-Discovery messages a device sends (2005/04 draft, the version ONVIF Core 7.3 names):
/// Hello when it joins the network, Bye when it leaves, ProbeMatches in answer to a Probe.
/// </summary>
public sealed class WsDiscoveryMessages
{
    /// <summary>The types an ONVIF Profile S device is (ONVIF Core 7.3.2.1).</summary>
    public static readonly IReadOnlyList<XmlQualifiedName> DeviceTypes =
    [
        new("NetworkVideoTransmitter", SoapNamespaces.Network),
        new("Device", SoapNamespaces.Device),
    ];

    private const string AnonymousTo = SoapNamespaces.Addressing + "/role/anonymous";
    private const string DiscoveryTo = "urn:schemas-xmlsoap-org:ws:2005:04:discovery";

    private static readonly XmlWriterSettings Settings = new() { Encoding = new UTF8Encoding(false), Indent = false };

    private readonly string _endpoint;
    private readonly IReadOnlyList<string> _scopes;
    private readonly long _instanceId;
    private long _messageNumber;

    /// <param name="endpointUuid">The device's stable endpoint reference, <c>urn:uuid:...</c>.</param>
    /// <param name="scopes">Its scopes.</param>
    /// <param name="instanceId">Changes each time the device starts (AppSequence InstanceId): the start time in seconds.</param>
    public WsDiscoveryMessages(string endpointUuid, IReadOnlyList<string> scopes, long instanceId)
    {
        ArgumentNullException.ThrowIfNull(endpointUuid);
        ArgumentNullException.ThrowIfNull(scopes);
        _endpoint = endpointUuid;
        _scopes = scopes;
        _instanceId = instanceId;
    }

    public string Endpoint => _endpoint;

    public byte[] Hello(string xaddrs) => Write("Hello", DiscoveryTo, null, xaddrs, "Hello");

    public byte[] Bye() => Write("Bye", DiscoveryTo, null, null, "Bye");

    public byte[] ProbeMatches(string relatesTo, string xaddrs) => Write("ProbeMatches", AnonymousTo, relatesTo, xaddrs, "ProbeMatch");

    private byte[] Write(string action, string to, string? relatesTo, string? xaddrs, string itemElement)
    {
        using var output = new MemoryStream();
        using (var xml = XmlWriter.Create(output, Settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("env", "Envelope", SoapNamespaces.Envelope12);
            xml.WriteAttributeString("xmlns", "wsa", null, SoapNamespaces.Addressing);
            xml.WriteAttributeString("xmlns", "wsd", null, SoapNamespaces.Discovery);
            xml.WriteAttributeString("xmlns", "tdn", null, SoapNamespaces.Network);
            xml.WriteAttributeString("xmlns", "tds", null, SoapNamespaces.Device);
            xml.WriteStartElement("env", "Header", SoapNamespaces.Envelope12);
            xml.WriteElementString("wsa", "MessageID", SoapNamespaces.Addressing, "urn:uuid:" + Guid.NewGuid().ToString("D"));
            if (relatesTo is not null)
                xml.WriteElementString("wsa", "RelatesTo", SoapNamespaces.Addressing, relatesTo);
            xml.WriteElementString("wsa", "To", SoapNamespaces.Addressing, to);
            xml.WriteElementString("wsa", "Action", SoapNamespaces.Addressing, SoapNamespaces.Discovery + "/" + action);
            xml.WriteStartElement("wsd", "AppSequence", SoapNamespaces.Discovery);
            xml.WriteAttributeString("InstanceId", _instanceId.ToString(CultureInfo.InvariantCulture));
            xml.WriteAttributeString("MessageNumber", Interlocked.Increment(ref _messageNumber).ToString(CultureInfo.InvariantCulture));
            xml.WriteEndElement();
            xml.WriteEndElement(); // Header
            xml.WriteStartElement("env", "Body", SoapNamespaces.Envelope12);
            if (action == "ProbeMatches")
                xml.WriteStartElement("wsd", "ProbeMatches", SoapNamespaces.Discovery);
            xml.WriteStartElement("wsd", itemElement, SoapNamespaces.Discovery);
            xml.WriteStartElement("wsa", "EndpointReference", SoapNamespaces.Addressing);
            xml.WriteElementString("wsa", "Address", SoapNamespaces.Addressing, _endpoint);
            xml.WriteEndElement();
            if (action != "Bye")
            {
                xml.WriteElementString("wsd", "Types", SoapNamespaces.Discovery, "tdn:NetworkVideoTransmitter tds:Device");
                xml.WriteElementString("wsd", "Scopes", SoapNamespaces.Discovery, string.Join(' ', _scopes));
                xml.WriteElementString("wsd", "XAddrs", SoapNamespaces.Discovery, xaddrs);
                xml.WriteElementString("wsd", "MetadataVersion", SoapNamespaces.Discovery, "1");
            }
            xml.WriteEndElement(); // item
            if (action == "ProbeMatches")
                xml.WriteEndElement();
            xml.WriteEndElement(); // Body
            xml.WriteEndElement(); // Envelope
            xml.WriteEndDocument();
        }
        return output.ToArray();
    }
}
