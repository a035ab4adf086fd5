namespace Edge.Onvif;

/// <summary>An HTTP request to an ONVIF service, as the web server received it.</summary>
/// <param name="Method">The HTTP method (a Digest client signs it).</param>
/// <param name="Target">The request target as sent (a Digest client signs it).</param>
/// <param name="Authorization">The <c>Authorization</c> header, or null.</param>
/// <param name="Body">The body, at most <see cref="Soap.SoapLimits.MaxBodyBytes"/> bytes (the web server stops reading past it).</param>
/// <param name="BodyTooLarge">True when the body went past the limit and was not read to its end.</param>
/// <param name="Context">How the client reached this box.</param>
public sealed record OnvifHttpRequest(string Method, string Target, string? Authorization, ReadOnlyMemory<byte> Body, bool BodyTooLarge, OnvifRequestContext Context);
