namespace Edge.Status.Http;

/// <summary>What <see cref="HttpRequestParser.TryParse"/> found.</summary>
internal enum HttpParseStatus
{
    /// <summary>Not a whole request line and headers yet; read more.</summary>
    Incomplete,

    /// <summary>A request line and headers, parsed.</summary>
    Request,

    /// <summary>Not acceptable; answer with the rejection's status and close.</summary>
    Invalid,
}
