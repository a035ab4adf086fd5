using System.Globalization;
using System.Text;
using System.Xml;

namespace Edge.Onvif.Soap;

/// <summary>
/// Writes one SOAP 1.2 envelope with <see cref="XmlWriter"/> (no serializer, so nothing for
/// NativeAOT to trim away): the prefixes ONVIF clients expect are declared once on the envelope,
/// and the body is written element by element by the service.
/// </summary>
public sealed class SoapWriter : IDisposable
{
    public const string ContentType = "application/soap+xml; charset=utf-8";

    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = false,
        CloseOutput = false,
    };

    private readonly MemoryStream _output = new();
    private readonly XmlWriter _xml;
    private bool _finished;

    /// <param name="header">Writes the header's content, or null for no header.</param>
    /// <param name="extraNamespaces">More prefixes to declare on the envelope.</param>
    public SoapWriter(Action<SoapWriter>? header = null, IReadOnlyList<(string Prefix, string Namespace)>? extraNamespaces = null)
    {
        _xml = XmlWriter.Create(_output, Settings);
        _xml.WriteStartDocument();
        _xml.WriteStartElement("env", "Envelope", SoapNamespaces.Envelope12);
        Declare("tds", SoapNamespaces.Device);
        Declare("trt", SoapNamespaces.Media);
        Declare("tt", SoapNamespaces.Schema);
        Declare("ter", SoapNamespaces.Error);
        foreach (var (prefix, ns) in extraNamespaces ?? [])
            Declare(prefix, ns);
        if (header is not null)
        {
            _xml.WriteStartElement("env", "Header", SoapNamespaces.Envelope12);
            header(this);
            _xml.WriteEndElement();
        }
        _xml.WriteStartElement("env", "Body", SoapNamespaces.Envelope12);
    }

    public XmlWriter Xml => _xml;

    /// <summary>Opens an element of the device service (<c>tds:</c>).</summary>
    public void StartDevice(string name) => _xml.WriteStartElement("tds", name, SoapNamespaces.Device);

    /// <summary>Opens an element of the media service (<c>trt:</c>).</summary>
    public void StartMedia(string name) => _xml.WriteStartElement("trt", name, SoapNamespaces.Media);

    /// <summary>Opens an element of the ONVIF schema (<c>tt:</c>).</summary>
    public void StartSchema(string name) => _xml.WriteStartElement("tt", name, SoapNamespaces.Schema);

    public void End() => _xml.WriteEndElement();

    /// <summary>A <c>tt:</c> element holding text.</summary>
    public void Schema(string name, string value)
    {
        StartSchema(name);
        _xml.WriteString(XmlText.Safe(value));
        End();
    }

    public void Schema(string name, int value) => Schema(name, value.ToString(CultureInfo.InvariantCulture));

    public void Schema(string name, bool value) => Schema(name, value ? "true" : "false");

    /// <summary>A <c>tds:</c> element holding text.</summary>
    public void Device(string name, string value)
    {
        StartDevice(name);
        _xml.WriteString(XmlText.Safe(value));
        End();
    }

    /// <summary>A <c>trt:</c> element holding text.</summary>
    public void Media(string name, string value)
    {
        StartMedia(name);
        _xml.WriteString(XmlText.Safe(value));
        End();
    }

    public void Attribute(string name, string value) => _xml.WriteAttributeString(name, XmlText.Safe(value));

    public void Attribute(string name, bool value) => _xml.WriteAttributeString(name, value ? "true" : "false");

    public void Attribute(string name, int value) => _xml.WriteAttributeString(name, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Closes the envelope and returns the bytes.</summary>
    public byte[] Finish()
    {
        if (!_finished)
        {
            _xml.WriteEndElement(); // Body
            _xml.WriteEndElement(); // Envelope
            _xml.WriteEndDocument();
            _xml.Flush();
            _finished = true;
        }
        return _output.ToArray();
    }

    public void Dispose()
    {
        _xml.Dispose();
        _output.Dispose();
    }

    private void Declare(string prefix, string ns) => _xml.WriteAttributeString("xmlns", prefix, null, ns);
}
