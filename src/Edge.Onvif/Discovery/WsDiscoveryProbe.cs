using System.Xml;
using Edge.Onvif.Soap;

namespace Edge.Onvif.Discovery;

/// <summary>
/// A WS-Discovery (2005/04, as ONVIF uses it) Probe: its MessageID, to relate the answer to, and
/// the types and scopes asked for. Read with the same hardened reader as the services.
/// </summary>
public sealed record WsDiscoveryProbe(string MessageId, IReadOnlyList<XmlQualifiedName> Types, IReadOnlyList<string> Scopes)
{
    private const string ProbeAction = SoapNamespaces.Discovery + "/Probe";
    private const int MaxItems = 32;

    /// <summary>The probe in <paramref name="datagram"/>, or null when it is not one (another message, or not XML at all).</summary>
    public static WsDiscoveryProbe? TryRead(ReadOnlyMemory<byte> datagram)
    {
        if (datagram.IsEmpty || datagram.Length > SoapLimits.MaxBodyBytes)
            return null;
        try
        {
            using var reader = HardenedXml.Create(datagram);
            return Read(reader);
        }
        catch (XmlException)
        {
            return null;
        }
    }

    private static WsDiscoveryProbe? Read(XmlReader reader)
    {
        if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != "Envelope"
            || reader.NamespaceURI is not (SoapNamespaces.Envelope12 or SoapNamespaces.Envelope11))
            return null;
        string? messageId = null;
        string? action = null;
        var isProbe = false;
        var types = new List<XmlQualifiedName>();
        var scopes = new List<string>();
        while (reader.Read())
        {
            if (reader.Depth > SoapLimits.MaxDepth)
                return null;
            if (reader.NodeType != XmlNodeType.Element)
                continue;
            switch (reader.LocalName)
            {
                case "MessageID" when reader.NamespaceURI == SoapNamespaces.Addressing:
                    messageId = ReadText(reader);
                    break;
                case "Action" when reader.NamespaceURI == SoapNamespaces.Addressing:
                    action = ReadText(reader);
                    break;
                case "Probe" when reader.NamespaceURI == SoapNamespaces.Discovery:
                    isProbe = true;
                    break;
                case "Types" when reader.NamespaceURI == SoapNamespaces.Discovery:
                    // QNames resolve against the namespaces in scope where they are written: the
                    // reader stays on the text node, inside the element, while they are looked up.
                    foreach (var item in Split(ReadText(reader)))
                    {
                        var colon = item.IndexOf(':', StringComparison.Ordinal);
                        var prefix = colon < 0 ? "" : item[..colon];
                        var ns = reader.LookupNamespace(prefix) ?? "";
                        types.Add(new XmlQualifiedName(colon < 0 ? item : item[(colon + 1)..], ns));
                    }
                    break;
                case "Scopes" when reader.NamespaceURI == SoapNamespaces.Discovery:
                    scopes.AddRange(Split(ReadText(reader)));
                    break;
            }
        }
        if (!isProbe || messageId is null || (action is not null && action != ProbeAction))
            return null;
        return new WsDiscoveryProbe(messageId, types, scopes);
    }

    /// <summary>True when a device of <paramref name="ourTypes"/> with <paramref name="ourScopes"/> answers this probe.</summary>
    public bool Matches(IReadOnlyList<XmlQualifiedName> ourTypes, IReadOnlyList<string> ourScopes)
    {
        ArgumentNullException.ThrowIfNull(ourTypes);
        ArgumentNullException.ThrowIfNull(ourScopes);
        // Every type asked for must be one of ours (namespace and name); none asked matches any device.
        foreach (var type in Types)
        {
            if (!ourTypes.Any(t => t.Name == type.Name && (t.Namespace == type.Namespace || type.Namespace.Length == 0)))
                return false;
        }
        // RFC 3986 matching (the default MatchBy): a scope asked for matches one of ours equal to it or under it, segment by segment.
        foreach (var scope in Scopes)
        {
            var wanted = scope.TrimEnd('/');
            if (!ourScopes.Any(s => string.Equals(s, wanted, StringComparison.OrdinalIgnoreCase)
                || s.StartsWith(wanted + "/", StringComparison.OrdinalIgnoreCase)))
                return false;
        }
        return true;
    }

    /// <summary>
    /// The text of the element the reader is on (bounded), leaving the reader on that text, so the
    /// caller's loop goes on with the element's end and misses none of its siblings.
    /// </summary>
    private static string ReadText(XmlReader reader)
    {
        if (reader.IsEmptyElement || !reader.Read() || reader.NodeType is not (XmlNodeType.Text or XmlNodeType.CDATA))
            return "";
        var text = reader.Value;
        return (text.Length > SoapLimits.MaxValueLength ? text[..SoapLimits.MaxValueLength] : text).Trim();
    }

    private static IEnumerable<string> Split(string list) =>
        list.Split([' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Take(MaxItems);
}
