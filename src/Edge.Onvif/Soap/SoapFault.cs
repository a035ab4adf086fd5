namespace Edge.Onvif.Soap;

/// <summary>
/// A SOAP 1.2 fault as ONVIF uses them (ONVIF Core 5.11.2): a code (<c>env:Sender</c> for the
/// client's mistake, <c>env:Receiver</c> for what this box does not do), an ONVIF subcode such as
/// <c>ter:ActionNotSupported</c>, and a reason a person can read.
/// </summary>
public sealed record SoapFault(bool IsSender, string Subcode, string Reason, string? SecondSubcode = null)
{
    /// <summary>The HTTP status that carries it: 400 for the sender's faults, 500 for the receiver's (SOAP 1.2 HTTP binding).</summary>
    public int HttpStatus => IsSender ? 400 : 500;

    public static SoapFault NotAuthorized(string reason) => new(true, "NotAuthorized", "Sender not authorized: " + reason);

    public static SoapFault ActionNotSupported(string operation) =>
        new(false, "ActionNotSupported", $"{operation} is not supported: Edge's ONVIF service reports its configuration and does not change it (edit edge.toml instead)");

    public static SoapFault WellFormed(string reason) => new(true, "WellFormed", reason);

    public static SoapFault InvalidArg(string subcode, string reason) => new(true, "InvalidArgVal", reason, subcode);

    public byte[] ToEnvelope()
    {
        using var writer = new SoapWriter();
        var xml = writer.Xml;
        xml.WriteStartElement("env", "Fault", SoapNamespaces.Envelope12);
        xml.WriteStartElement("env", "Code", SoapNamespaces.Envelope12);
        xml.WriteElementString("env", "Value", SoapNamespaces.Envelope12, IsSender ? "env:Sender" : "env:Receiver");
        xml.WriteStartElement("env", "Subcode", SoapNamespaces.Envelope12);
        xml.WriteElementString("env", "Value", SoapNamespaces.Envelope12, "ter:" + Subcode);
        if (SecondSubcode is not null)
        {
            xml.WriteStartElement("env", "Subcode", SoapNamespaces.Envelope12);
            xml.WriteElementString("env", "Value", SoapNamespaces.Envelope12, "ter:" + SecondSubcode);
            xml.WriteEndElement();
        }
        xml.WriteEndElement(); // Subcode
        xml.WriteEndElement(); // Code
        xml.WriteStartElement("env", "Reason", SoapNamespaces.Envelope12);
        xml.WriteStartElement("env", "Text", SoapNamespaces.Envelope12);
        xml.WriteAttributeString("xml", "lang", null, "en");
        xml.WriteString(XmlText.Safe(Reason));
        xml.WriteEndElement();
        xml.WriteEndElement(); // Reason
        xml.WriteEndElement(); // Fault
        return writer.Finish();
    }
}
