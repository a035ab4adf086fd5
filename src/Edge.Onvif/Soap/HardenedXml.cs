using System.Xml;

namespace Edge.Onvif.Soap;

/// <summary>
/// The one way Edge reads XML from the network: no DTD (so no entity expansion, no external
/// entities), no resolver, and a cap on the characters read, on top of the caller's byte limit.
/// </summary>
internal static class HardenedXml
{
    public static XmlReader Create(ReadOnlyMemory<byte> body)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = SoapLimits.MaxBodyBytes,
            MaxCharactersFromEntities = 1024,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            CloseInput = true,
        };
        return XmlReader.Create(new MemoryStream(body.ToArray(), writable: false), settings);
    }
}
