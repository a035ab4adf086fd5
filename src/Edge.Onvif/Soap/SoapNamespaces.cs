namespace Edge.Onvif.Soap;

/// <summary>The XML namespaces of the messages Edge reads and writes, with the prefixes it writes them under.</summary>
public static class SoapNamespaces
{
    public const string Envelope12 = "http://www.w3.org/2003/05/soap-envelope";
    public const string Envelope11 = "http://schemas.xmlsoap.org/soap/envelope/";
    public const string Device = "http://www.onvif.org/ver10/device/wsdl";
    public const string Media = "http://www.onvif.org/ver10/media/wsdl";
    public const string Schema = "http://www.onvif.org/ver10/schema";
    public const string Error = "http://www.onvif.org/ver10/error";
    public const string Network = "http://www.onvif.org/ver10/network/wsdl";
    public const string Security = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    public const string SecurityUtility = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    public const string Addressing = "http://schemas.xmlsoap.org/ws/2004/08/addressing";
    public const string Discovery = "http://schemas.xmlsoap.org/ws/2005/04/discovery";
}
