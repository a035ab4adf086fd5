namespace Edge.Onvif;

/// <summary>What to answer: a status, a SOAP body, and <c>WWW-Authenticate</c> challenges for a 401.</summary>
public sealed record OnvifHttpResponse(int StatusCode, byte[] Body, IReadOnlyList<string> Challenges)
{
    public string ContentType => Soap.SoapWriter.ContentType;

    /// <summary>The operation answered, for the log (null when the request could not be read).</summary>
    public string? Operation { get; init; }

    /// <summary>Why a request was refused, in words safe to log; null when it was answered.</summary>
    public string? Refusal { get; init; }

    /// <summary>The user the call was made as, when it was authenticated.</summary>
    public string? UserName { get; init; }
}
