using System.Buffers;
using System.Text;
using Edge.Status.Http;
using Edge.Tests.Status.Support;

namespace Edge.Tests.Status;

public sealed class HttpRequestParserTests
{
    private const string Curl = "GET /api/status?pretty=1 HTTP/1.1\r\nHost: 192.168.1.20:8080\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n";

    private static HttpParseStatus Parse(ReadOnlySequence<byte> buffer, out HttpRequest? request, out long consumed, out HttpRejection rejection, HttpServerOptions? limits = null)
    {
        var status = HttpRequestParser.TryParse(buffer, limits ?? HttpServerOptions.Default, out request, out var position, out rejection);
        consumed = buffer.Slice(0, position).Length;
        return status;
    }

    private static HttpParseStatus Parse(string text, out HttpRequest? request, out HttpRejection rejection, HttpServerOptions? limits = null) =>
        Parse(new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes(text)), out request, out _, out rejection, limits);

    [Fact]
    public void Parses_what_curl_sends()
    {
        Assert.Equal(HttpParseStatus.Request, Parse(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(Curl + "GET /next")), out var request, out var consumed, out _));

        Assert.NotNull(request);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/api/status", request.Path);
        Assert.Equal("pretty=1", request.Query);
        Assert.Equal(1, request.MinorVersion);
        Assert.False(request.IsHead);
        Assert.Equal(Curl.Length, consumed); // a pipelined request after it is left alone
    }

    [Fact]
    public void Parses_the_same_request_however_the_bytes_are_split()
    {
        var bytes = Encoding.ASCII.GetBytes(Curl);
        for (var piece = 1; piece <= bytes.Length; piece++)
        {
            Assert.Equal(HttpParseStatus.Request, Parse(ByteSegments.Split(bytes, piece), out var request, out var consumed, out _));
            Assert.Equal("/api/status", request!.Path);
            Assert.Equal(bytes.Length, consumed);
        }
    }

    [Fact]
    public void Wants_more_for_every_prefix_of_a_request()
    {
        var bytes = Encoding.ASCII.GetBytes(Curl);
        for (var length = 0; length < bytes.Length; length++)
        {
            var status = Parse(new ReadOnlySequence<byte>(bytes, 0, length), out var request, out var consumed, out var rejection);
            Assert.True(status == HttpParseStatus.Incomplete, $"prefix of {length} bytes: {status} {rejection}");
            Assert.Null(request);
            Assert.Equal(0, consumed);
        }
    }

    [Fact]
    public void Skips_empty_lines_before_the_request_and_accepts_bare_line_feeds()
    {
        Assert.Equal(HttpParseStatus.Request, Parse("\r\n\nHEAD /healthz HTTP/1.1\nHost: edge\n\n", out var request, out _));
        Assert.True(request!.IsHead);
        Assert.Equal("/healthz", request.Path);

        // Only empty lines so far: consumed past them, so they do not count against the limit later.
        Assert.Equal(HttpParseStatus.Incomplete, Parse(new ReadOnlySequence<byte>("\r\n\r\n"u8.ToArray()), out _, out var consumed, out _));
        Assert.Equal(4, consumed);
    }

    [Fact]
    public void Accepts_http_1_0_without_a_host()
    {
        Assert.Equal(HttpParseStatus.Request, Parse("GET / HTTP/1.0\r\n\r\n", out var request, out _));
        Assert.Equal(0, request!.MinorVersion);
        Assert.Equal("/", request.Path);
    }

    [Fact]
    public void Treats_a_later_1_x_version_as_1_1()
    {
        Assert.Equal(HttpParseStatus.Request, Parse("GET / HTTP/1.7\r\nHost: a\r\n\r\n", out var request, out _));
        Assert.Equal(1, request!.MinorVersion);
    }

    [Theory]
    [InlineData("http://edge.local:8080/healthz", "/healthz", "")]
    [InlineData("HTTP://edge.local/api/status?x=1", "/api/status", "x=1")]
    [InlineData("https://[fe80::1]:8080/", "/", "")]
    [InlineData("http://edge.local", "/", "")]
    [InlineData("http://edge.local?a=b", "/", "a=b")]
    [InlineData("*", "*", "")]
    [InlineData("/a/b?c?d", "/a/b", "c?d")]
    public void Takes_the_path_from_every_target_form(string target, string path, string query)
    {
        Assert.Equal(HttpParseStatus.Request, Parse($"GET {target} HTTP/1.1\r\nHost: edge\r\n\r\n", out var request, out _));
        Assert.Equal(path, request!.Path);
        Assert.Equal(query, request.Query);
    }

    [Fact]
    public void Keeps_methods_as_sent_so_the_router_can_refuse_them()
    {
        Assert.Equal(HttpParseStatus.Request, Parse("get / HTTP/1.1\r\nHost: a\r\n\r\n", out var request, out _));
        Assert.Equal("get", request!.Method);
        Assert.Equal(HttpParseStatus.Request, Parse("BREW /pot HTTP/1.1\r\nHost: a\r\n\r\n", out request, out _));
        Assert.Equal("BREW", request!.Method);
    }

    [Theory]
    [InlineData("\u0016\u0003\u0001\u0002\u0000\u0001", 400)] // a TLS ClientHello: refused on its first byte
    [InlineData("\u0000", 400)]
    [InlineData(" GET / HTTP/1.1\r\nHost: a\r\n\r\n", 400)]
    [InlineData("GET\u00ff", 400)]
    [InlineData("GET  / HTTP/1.1\r\nHost: a\r\n\r\n", 400)] // two spaces
    [InlineData("GET / HTTP/1.1 \r\nHost: a\r\n\r\n", 400)] // trailing space
    [InlineData("GET /\r\nHost: a\r\n\r\n", 400)] // HTTP/0.9
    [InlineData("GET / HTTP/1\r\nHost: a\r\n\r\n", 400)]
    [InlineData("GET / http/1.1\r\nHost: a\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\r\nHost: a\r\n\r\n", 400)] // bare CR
    [InlineData("GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505)]
    [InlineData("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505)] // the HTTP/2 connection preface
    [InlineData("GET healthz HTTP/1.1\r\nHost: a\r\n\r\n", 400)]
    [InlineData("GET ftp://x/ HTTP/1.1\r\nHost: a\r\n\r\n", 400)]
    [InlineData("GET http:///x HTTP/1.1\r\nHost: a\r\n\r\n", 400)]
    [InlineData("GET /caf\u00e9 HTTP/1.1\r\nHost: a\r\n\r\n", 400)] // raw non-ASCII in the target
    [InlineData("GET / HTTP/1.1\r\n\r\n", 400)] // no Host in 1.1
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.0\r\nHost: a\r\nhost: a\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\nHost: user@evil\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400)] // space before the colon
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nX-Long: 1\r\n 2\r\n\r\n", 400)] // obs-fold
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\n: empty-name\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nX(y): 1\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nX: a\u0000b\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n", 400)] // bare CR inside a value
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1e3\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400)]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400)]
    public void Refuses_malformed_requests(string text, int status)
    {
        Assert.Equal(HttpParseStatus.Invalid, Parse(text, out var request, out var rejection));
        Assert.Null(request);
        Assert.Equal(status, rejection.StatusCode);
        Assert.False(string.IsNullOrEmpty(rejection.Reason));
    }

    [Fact]
    public void Accepts_values_with_tabs_and_obs_text_and_a_repeated_equal_length()
    {
        var text = "GET / HTTP/1.1\r\nHost: [::1]:8080\r\nX-Note:\tcaf\u00e9 \r\nContent-Length: 0\r\ncontent-length: 0\r\n\r\n";
        Assert.Equal(HttpParseStatus.Request, Parse(text, out _, out var rejection));
        Assert.Equal(default, rejection);
    }

    [Fact]
    public void Refuses_a_head_over_the_limit_with_431_without_looking_past_it()
    {
        var limits = HttpServerOptions.Default with { MaxRequestHeadBytes = 256 };
        var head = "GET / HTTP/1.1\r\nHost: a\r\nX-Pad: " + new string('a', 300);
        Assert.Equal(HttpParseStatus.Invalid, Parse(head, out _, out var rejection, limits));
        Assert.Equal(431, rejection.StatusCode);

        // A megabyte of header with no end: the same answer, as fast, whatever follows the limit.
        var huge = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nX: " + new string('b', 1 << 20)));
        Assert.Equal(HttpParseStatus.Invalid, Parse(huge, out _, out _, out rejection));
        Assert.Equal(431, rejection.StatusCode);
    }

    [Fact]
    public void Refuses_a_request_line_over_the_limit_with_414()
    {
        var limits = HttpServerOptions.Default with { MaxRequestHeadBytes = 256 };
        Assert.Equal(HttpParseStatus.Invalid, Parse("GET /" + new string('a', 300), out _, out var rejection, limits));
        Assert.Equal(414, rejection.StatusCode);
    }

    [Fact]
    public void Takes_a_head_of_exactly_the_limit_and_refuses_one_byte_more()
    {
        var start = "GET / HTTP/1.1\r\nHost: a\r\nX: ";
        var limits = HttpServerOptions.Default with { MaxRequestHeadBytes = 128 };
        var exact = start + new string('v', 128 - start.Length - 4) + "\r\n\r\n";
        Assert.Equal(128, exact.Length);
        Assert.Equal(HttpParseStatus.Request, Parse(exact, out _, out _, limits));

        var over = start + new string('v', 128 - start.Length - 3) + "\r\n\r\n";
        Assert.Equal(HttpParseStatus.Invalid, Parse(over, out _, out var rejection, limits));
        Assert.Equal(431, rejection.StatusCode);
    }

    [Fact]
    public void Refuses_more_header_lines_than_the_limit()
    {
        var limits = HttpServerOptions.Default with { MaxHeaderCount = 4 };
        var four = "GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n";
        Assert.Equal(HttpParseStatus.Request, Parse(four, out _, out _, limits));
        var five = "GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n";
        Assert.Equal(HttpParseStatus.Invalid, Parse(five, out _, out var rejection, limits));
        Assert.Equal(431, rejection.StatusCode);
    }

    [Fact]
    public void Never_throws_on_random_or_mutated_input()
    {
        var random = new Random(20240611);
        var valid = Encoding.ASCII.GetBytes(Curl);
        var alphabet = "GET /HTP1.\r\n: \tHost\u0000\u007f\u00ff?*"u8.ToArray();
        var counts = new Dictionary<HttpParseStatus, int>();
        for (var i = 0; i < 20_000; i++)
        {
            byte[] input;
            switch (i % 3)
            {
                case 0:
                    input = new byte[random.Next(0, 300)];
                    random.NextBytes(input);
                    break;
                case 1:
                    input = new byte[random.Next(0, 300)];
                    for (var j = 0; j < input.Length; j++)
                        input[j] = alphabet[random.Next(alphabet.Length)];
                    break;
                default:
                    input = (byte[])valid.Clone();
                    for (var flips = random.Next(1, 4); flips > 0; flips--)
                        input[random.Next(input.Length)] = (byte)random.Next(256);
                    break;
            }

            var limits = HttpServerOptions.Default with { MaxRequestHeadBytes = 64 + random.Next(256) };
            var status = Parse(ByteSegments.Split(input, 1 + random.Next(input.Length + 1)), out var request, out var consumed, out var rejection, limits);
            counts[status] = counts.GetValueOrDefault(status) + 1;
            Assert.InRange(consumed, 0, input.Length);
            Assert.Equal(status == HttpParseStatus.Request, request is not null);
            if (status == HttpParseStatus.Invalid)
                Assert.Contains(rejection.StatusCode, new[] { 400, 414, 431, 505 });
        }

        // The mutations must exercise every outcome, or the test proves little.
        Assert.All(Enum.GetValues<HttpParseStatus>(), s => Assert.True(counts.GetValueOrDefault(s) > 0, $"no input gave {s}"));
    }
}
