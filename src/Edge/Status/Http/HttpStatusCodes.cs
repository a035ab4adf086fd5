namespace Edge.Status.Http;

/// <summary>The status codes the server answers with, and their reason phrases (RFC 9110 section 15).</summary>
internal static class HttpStatusCodes
{
    public const int Ok = 200;
    public const int BadRequest = 400;
    public const int NotFound = 404;
    public const int MethodNotAllowed = 405;
    public const int UriTooLong = 414;
    public const int RequestHeaderFieldsTooLarge = 431;
    public const int InternalServerError = 500;
    public const int ServiceUnavailable = 503;
    public const int HttpVersionNotSupported = 505;

    public static string ReasonPhrase(int statusCode) => statusCode switch
    {
        Ok => "OK",
        BadRequest => "Bad Request",
        NotFound => "Not Found",
        MethodNotAllowed => "Method Not Allowed",
        UriTooLong => "URI Too Long",
        RequestHeaderFieldsTooLarge => "Request Header Fields Too Large",
        InternalServerError => "Internal Server Error",
        ServiceUnavailable => "Service Unavailable",
        HttpVersionNotSupported => "HTTP Version Not Supported",
        _ => "Status",
    };
}
