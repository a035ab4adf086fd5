using Edge.Onvif.Soap;

namespace Edge.Onvif;

/// <summary>One ONVIF service (device, media): which of its operations need no login, and their answers.</summary>
public interface IOnvifService
{
    /// <summary>The WSDL namespace of its operations.</summary>
    string Namespace { get; }

    /// <summary>True for the operations the spec lets anyone call (a client must learn the time and the services before it can log in).</summary>
    bool IsOpen(string operation);

    /// <summary>Writes the answer to <paramref name="request"/> into <paramref name="writer"/>'s body, or returns the fault to send instead.</summary>
    SoapFault? Answer(SoapRequest request, OnvifRequestContext context, SoapWriter writer);
}
