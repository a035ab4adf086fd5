namespace Edge.Onvif.Soap;

/// <summary>A request that is not a SOAP envelope Edge accepts; the message is safe to send back to the client.</summary>
public sealed class SoapParseException : Exception
{
    public SoapParseException()
    {
    }

    public SoapParseException(string message)
        : base(message)
    {
    }

    public SoapParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
