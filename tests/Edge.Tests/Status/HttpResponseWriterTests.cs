using System.Text;
using Edge.Status.Http;

namespace Edge.Tests.Status;

public sealed class HttpResponseWriterTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);

    [Fact]
    public void Writes_status_line_framing_headers_and_body()
    {
        var bytes = HttpResponseWriter.Format(HttpResponse.Text(200, "ok"), includeBody: true, Now);
        var text = Encoding.ASCII.GetString(bytes);

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\nDate: Tue, 04 Mar 2025 05:06:07 GMT\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\nContent-Type: text/plain; charset=utf-8\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\nContent-Length: 3\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\nCache-Control: no-store\r\n", text, StringComparison.Ordinal);
        Assert.EndsWith("\r\nConnection: close\r\n\r\nok\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Head_gets_the_same_headers_and_no_body()
    {
        var response = new HttpResponse(200, "application/json", "{\"a\":1}"u8.ToArray());
        var get = Encoding.ASCII.GetString(HttpResponseWriter.Format(response, includeBody: true, Now));
        var head = Encoding.ASCII.GetString(HttpResponseWriter.Format(response, includeBody: false, Now));

        Assert.Equal(get[..(get.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)], head);
        Assert.Contains("Content-Length: 7\r\n", head, StringComparison.Ordinal);
    }

    [Fact]
    public void Adds_extra_headers_and_a_reason_phrase_for_every_code_used()
    {
        var text = Encoding.ASCII.GetString(HttpResponseWriter.Format(HttpResponse.Text(405, "no", [new("Allow", "GET, HEAD")]), true, Now));
        Assert.StartsWith("HTTP/1.1 405 Method Not Allowed\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\nAllow: GET, HEAD\r\n", text, StringComparison.Ordinal);

        foreach (var code in new[] { 200, 400, 404, 405, 414, 431, 500, 503, 505 })
            Assert.NotEqual("Status", HttpStatusCodes.ReasonPhrase(code));
    }

    [Fact]
    public void Refuses_a_header_that_would_split_the_response()
    {
        var response = HttpResponse.Text(200, "x", [new("X-Bad", "a\r\nSet-Cookie: b")]);
        Assert.Throws<ArgumentException>(() => HttpResponseWriter.Format(response, true, Now));
    }
}
