using Edge.Auth;
using Edge.Onvif.Device;
using Edge.Onvif.Media;
using Edge.Onvif.Security;
using Edge.Onvif.Soap;

namespace Edge.Onvif;

/// <summary>
/// Answers one HTTP request to an ONVIF service: reads the envelope, authenticates the caller
/// unless the operation is open, and lets the service answer. Never throws on what a client sent:
/// malformed or hostile XML is a <c>400</c> with a SOAP fault.
/// </summary>
/// <remarks>
/// Authentication, when <see cref="OnvifOptions.RequireAuth"/> is set, is either a WS-Security
/// UsernameToken in the envelope (checked first: a client that sends one means it) or HTTP Digest
/// (Basic too when <see cref="OnvifOptions.AllowPlainPasswords"/>). A request with neither is
/// answered <c>401</c> with Digest challenges and a <c>ter:NotAuthorized</c> fault, which both
/// kinds of client understand; a wrong token is a <c>400</c> with that fault.
/// </remarks>
public sealed class OnvifServer
{
    private readonly UsernameTokenValidator _tokens;
    private readonly HttpAuthenticator? _http;
    private readonly bool _requireAuth;

    public OnvifServer(OnvifOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        Device = new DeviceService(options, time);
        Media = new MediaService(options);
        _requireAuth = options.RequireAuth;
        _tokens = new UsernameTokenValidator(options.Users, time, options.AllowPlainPasswords);
        if (options.RequireAuth)
        {
            _http = new HttpAuthenticator(
                options.AllowPlainPasswords ? AuthSchemes.Digest | AuthSchemes.Basic : AuthSchemes.Digest,
                [DigestAlgorithm.Md5, DigestAlgorithm.Sha256],
                options.Users,
                options.Realm,
                time);
        }
    }

    public DeviceService Device { get; }

    public MediaService Media { get; }

    /// <summary>Answers <paramref name="request"/> to <paramref name="service"/>.</summary>
    public OnvifHttpResponse Handle(IOnvifService service, OnvifHttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(request);
        if (request.BodyTooLarge || request.Body.Length > SoapLimits.MaxBodyBytes)
            return Fault(SoapFault.WellFormed($"the request is larger than {SoapLimits.MaxBodyBytes} bytes"), null, "body too large");

        SoapRequest soap;
        try
        {
            soap = SoapEnvelopeReader.Read(request.Body);
        }
        catch (SoapParseException e)
        {
            return Fault(SoapFault.WellFormed(e.Message), null, e.Message);
        }

        string? userName = null;
        if (_requireAuth && !(soap.OperationNamespace == service.Namespace && service.IsOpen(soap.Operation)))
        {
            if (soap.Token is { } token)
            {
                if (_tokens.Check(token) is { } refusal)
                    return Fault(SoapFault.NotAuthorized(refusal), soap.Operation, refusal) with { UserName = token.UserName };
                userName = token.UserName;
            }
            else
            {
                var result = _http!.Check(request.Method, request.Target, request.Authorization);
                if (!result.IsAllowed)
                {
                    var reason = result.Reason ?? "no credentials";
                    return new OnvifHttpResponse(401, SoapFault.NotAuthorized($"{reason}: log in with HTTP Digest or a WS-Security UsernameToken").ToEnvelope(), result.Challenges)
                    {
                        Operation = soap.Operation,
                        Refusal = reason,
                        UserName = result.UserName,
                    };
                }
                userName = result.UserName;
            }
        }

        if (soap.OperationNamespace != service.Namespace)
        {
            var fault = SoapFault.ActionNotSupported(soap.Operation) with
            {
                Reason = $"{soap.Operation} in namespace \"{soap.OperationNamespace}\" is not an operation of this service ({service.Namespace})",
            };
            return Fault(fault, soap.Operation, fault.Reason);
        }

        using var writer = new SoapWriter();
        if (service.Answer(soap, request.Context, writer) is { } refused)
            return Fault(refused, soap.Operation, refused.Reason) with { UserName = userName };
        return new OnvifHttpResponse(200, writer.Finish(), []) { Operation = soap.Operation, UserName = userName };
    }

    private static OnvifHttpResponse Fault(SoapFault fault, string? operation, string refusal) =>
        new(fault.HttpStatus, fault.ToEnvelope(), []) { Operation = operation, Refusal = refusal };
}
