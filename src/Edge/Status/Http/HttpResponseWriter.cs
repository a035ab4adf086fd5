using System.Globalization;
using System.Text;

namespace Edge.Status.Http;

/// <summary>Turns a <see cref="HttpResponse"/> into the bytes sent: status line, headers, body.</summary>
/// <remarks>
/// Every response closes the connection (<c>Connection: close</c>): the server is for people and
/// monitors polling every few seconds, where keep-alive saves nothing and costs a state machine.
/// </remarks>
internal static class HttpResponseWriter
{
    /// <summary>The response as bytes; without the body for HEAD (the headers still describe it, as RFC 9110 9.3.2 asks).</summary>
    /// <param name="response">What to send.</param>
    /// <param name="includeBody">False for a HEAD request.</param>
    /// <param name="now">The time for the <c>Date</c> header.</param>
    public static byte[] Format(HttpResponse response, bool includeBody, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(response);
        var head = new StringBuilder(256);
        head.Append("HTTP/1.1 ").Append(response.StatusCode.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(HttpStatusCodes.ReasonPhrase(response.StatusCode)).Append("\r\n");
        Header(head, "Date", now.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture));
        Header(head, "Server", "edge");
        Header(head, "Content-Type", response.ContentType);
        Header(head, "Content-Length", response.Body.Length.ToString(CultureInfo.InvariantCulture));
        // Status changes by the second: no cache may keep it, and no browser may guess another type.
        Header(head, "Cache-Control", "no-store");
        Header(head, "X-Content-Type-Options", "nosniff");
        if (response.Headers is not null)
        {
            foreach (var (name, value) in response.Headers)
                Header(head, name, value);
        }
        Header(head, "Connection", "close");
        head.Append("\r\n");

        var headLength = Encoding.ASCII.GetByteCount(head.ToString());
        var bodyLength = includeBody ? response.Body.Length : 0;
        var bytes = new byte[headLength + bodyLength];
        Encoding.ASCII.GetBytes(head.ToString(), bytes);
        if (includeBody)
            response.Body.Span.CopyTo(bytes.AsSpan(headLength));
        return bytes;
    }

    private static void Header(StringBuilder head, string name, string value)
    {
        // Values come from code, never from a request; this keeps a future mistake from splitting the response.
        if (name.AsSpan().ContainsAny("\r\n:") || value.AsSpan().ContainsAny('\r', '\n'))
            throw new ArgumentException($"header {name} holds a line break or a colon in its name", nameof(name));
        head.Append(name).Append(": ").Append(value).Append("\r\n");
    }
}
