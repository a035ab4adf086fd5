using System.Text;
using System.Xml;
using Edge.Onvif.Security;

namespace Edge.Onvif.Soap;

/// <summary>
/// Reads a SOAP 1.2 (or 1.1) request with <see cref="XmlReader"/>, forward only, keeping only
/// what <see cref="SoapRequest"/> holds. Anything else (a DTD, nesting past
/// <see cref="SoapLimits.MaxDepth"/>, a body past <see cref="SoapLimits.MaxBodyBytes"/>, text that
/// is not XML, another root element) ends in a <see cref="SoapParseException"/> whose message may
/// be sent back.
/// </summary>
public static class SoapEnvelopeReader
{
    private const string PasswordDigestType = "#PasswordDigest";

    public static SoapRequest Read(ReadOnlyMemory<byte> body)
    {
        if (body.Length > SoapLimits.MaxBodyBytes)
            throw new SoapParseException($"the request is larger than {SoapLimits.MaxBodyBytes} bytes");
        if (body.IsEmpty)
            throw new SoapParseException("the request has no body; ONVIF requests are SOAP envelopes sent with POST");
        try
        {
            using var reader = HardenedXml.Create(body);
            return ReadEnvelope(reader);
        }
        catch (XmlException e)
        {
            // The reader's message names the line and position, never more than the client sent.
            throw new SoapParseException($"the request is not well-formed XML: {e.Message}", e);
        }
    }

    private static SoapRequest ReadEnvelope(XmlReader reader)
    {
        if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != "Envelope"
            || reader.NamespaceURI is not (SoapNamespaces.Envelope12 or SoapNamespaces.Envelope11))
            throw new SoapParseException($"the root element must be a SOAP 1.2 Envelope ({SoapNamespaces.Envelope12})");

        string? operation = null;
        var operationNamespace = "";
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var token = new TokenFields();
        var section = Section.None;
        string? leaf = null;
        var text = new StringBuilder();

        while (reader.Read())
        {
            if (reader.Depth > SoapLimits.MaxDepth)
                throw new SoapParseException($"the request nests elements deeper than {SoapLimits.MaxDepth}");
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    if (reader.Depth == 1)
                    {
                        section = reader.LocalName switch
                        {
                            "Header" => Section.Header,
                            "Body" => Section.Body,
                            _ => Section.None,
                        };
                    }
                    else if (section == Section.Body && reader.Depth == 2 && operation is null)
                    {
                        operation = reader.LocalName;
                        operationNamespace = reader.NamespaceURI;
                    }
                    else if (section == Section.Header && reader.LocalName == "Password" && reader.NamespaceURI == SoapNamespaces.Security)
                    {
                        token.IsDigest = reader.GetAttribute("Type")?.EndsWith(PasswordDigestType, StringComparison.Ordinal) ?? false;
                    }
                    leaf = reader.IsEmptyElement ? null : reader.LocalName;
                    text.Clear();
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace:
                    if (leaf is not null)
                    {
                        text.Append(reader.Value);
                        if (text.Length > SoapLimits.MaxValueLength)
                            throw new SoapParseException($"the value of {leaf} is longer than {SoapLimits.MaxValueLength} characters");
                    }
                    break;
                case XmlNodeType.EndElement:
                    if (leaf is not null)
                    {
                        var value = text.ToString().Trim();
                        if (section == Section.Header)
                            token.Take(leaf, reader.NamespaceURI, value);
                        else if (section == Section.Body && values.Count < SoapLimits.MaxParameters)
                            values.TryAdd(leaf, value);
                    }
                    leaf = null;
                    break;
            }
        }

        if (operation is null)
            throw new SoapParseException("the SOAP Body names no operation");
        return new SoapRequest(operation, operationNamespace, token.ToToken(), values);
    }

    private enum Section
    {
        None,
        Header,
        Body,
    }

    /// <summary>The parts of a UsernameToken, gathered as the header is read.</summary>
    private sealed class TokenFields
    {
        private string? _userName;
        private string? _password;
        private string? _nonce;
        private string? _created;

        public bool IsDigest { get; set; }

        public void Take(string localName, string ns, string value)
        {
            if (ns == SoapNamespaces.Security)
            {
                switch (localName)
                {
                    case "Username": _userName ??= value; break;
                    case "Password": _password ??= value; break;
                    case "Nonce": _nonce ??= value; break;
                    case "Created": _created ??= value; break; // some clients put it in wsse rather than wsu
                }
            }
            else if (ns == SoapNamespaces.SecurityUtility && localName == "Created")
            {
                _created ??= value;
            }
        }

        public UsernameToken? ToToken() =>
            _userName is null ? null : new UsernameToken(_userName, _password ?? "", IsDigest, _nonce, _created);
    }
}
