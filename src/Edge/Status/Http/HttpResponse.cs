using System.Text;

namespace Edge.Status.Http;

/// <summary>A whole response: status, type, body and any extra headers. The writer adds the framing headers.</summary>
internal sealed record HttpResponse(int StatusCode, string ContentType, ReadOnlyMemory<byte> Body, IReadOnlyList<KeyValuePair<string, string>>? Headers = null)
{
    public const string PlainText = "text/plain; charset=utf-8";

    /// <summary>A plain-text response: <paramref name="text"/> and a line end.</summary>
    public static HttpResponse Text(int statusCode, string text, IReadOnlyList<KeyValuePair<string, string>>? headers = null) =>
        new(statusCode, PlainText, Encoding.UTF8.GetBytes(text + "\n"), headers);
}
