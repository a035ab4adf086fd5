using System.Buffers;
using System.Text;
using Edge.Rtsp.Protocol.Messages;
using Edge.Rtsp.Tests.Protocol.Support;

namespace Edge.Rtsp.Tests.Protocol.Messages;

public sealed class RtspRequestParserTests
{
    private const string Describe =
        "DESCRIBE rtsp://10.0.0.2:8554/front RTSP/1.0\r\n"
        + "CSeq: 2\r\n"
        + "User-Agent: LibVLC/3.0.20 (LIVE555 Streaming Media v2016.11.28)\r\n"
        + "Accept: application/sdp\r\n"
        + "\r\n";

    private static RtspParseStatus Parse(ReadOnlySequence<byte> buffer, out RtspRequest? request, out InterleavedFrame frame, out long consumed, out string? error, RtspParserLimits? limits = null)
    {
        var status = RtspRequestParser.TryParse(buffer, limits ?? RtspParserLimits.Default, out request, out frame, out var position, out error);
        consumed = buffer.Slice(0, position).Length;
        return status;
    }

    private static RtspParseStatus Parse(string text, out RtspRequest? request, out long consumed, out string? error, RtspParserLimits? limits = null) =>
        Parse(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(text)), out request, out _, out consumed, out error, limits);

    [Fact]
    public void Parses_a_request()
    {
        Assert.Equal(RtspParseStatus.Request, Parse(Describe, out var request, out var consumed, out var error));

        Assert.Null(error);
        Assert.NotNull(request);
        Assert.Equal(RtspMethod.Describe, request.Method);
        Assert.Equal("DESCRIBE", request.MethodText);
        Assert.Equal("rtsp://10.0.0.2:8554/front", request.Uri);
        Assert.Equal("RTSP/1.0", request.Version);
        Assert.Equal(2, request.CSeq);
        Assert.Null(request.Session);
        Assert.Equal(3, request.Headers.Count);
        Assert.Equal("application/sdp", request.GetHeader("accept"));
        Assert.Null(request.GetHeader("Session"));
        Assert.True(request.Body.IsEmpty);
        Assert.Equal(Describe.Length, consumed);
    }

    [Theory]
    [InlineData("OPTIONS", RtspMethod.Options)]
    [InlineData("SETUP", RtspMethod.Setup)]
    [InlineData("PLAY", RtspMethod.Play)]
    [InlineData("PAUSE", RtspMethod.Pause)]
    [InlineData("TEARDOWN", RtspMethod.Teardown)]
    [InlineData("GET_PARAMETER", RtspMethod.GetParameter)]
    [InlineData("SET_PARAMETER", RtspMethod.SetParameter)]
    [InlineData("ANNOUNCE", RtspMethod.Announce)]
    [InlineData("RECORD", RtspMethod.Record)]
    [InlineData("REDIRECT", RtspMethod.Redirect)]
    [InlineData("play", RtspMethod.Unknown)]
    [InlineData("FLUSH", RtspMethod.Unknown)]
    public void Recognises_methods_case_sensitively(string method, RtspMethod expected)
    {
        Assert.Equal(RtspParseStatus.Request, Parse($"{method} * RTSP/1.0\r\nCSeq: 1\r\n\r\n", out var request, out _, out _));

        Assert.Equal(expected, request!.Method);
        Assert.Equal(method, request.MethodText);
    }

    [Fact]
    public void Reads_session_id_without_its_parameters_and_missing_cseq_as_minus_one()
    {
        Parse("PLAY rtsp://h/cam RTSP/1.0\r\nSession:  ABCDEF0123 ;timeout=60\r\n\r\n", out var request, out _, out _);

        Assert.Equal("ABCDEF0123", request!.Session);
        Assert.Equal(-1, request.CSeq);
    }

    [Fact]
    public void Reads_a_body_of_content_length_bytes()
    {
        const string text = "SET_PARAMETER rtsp://h/cam RTSP/1.0\r\nCSeq: 9\r\nContent-Type: text/parameters\r\nContent-Length: 11\r\n\r\nfoo: bar\r\n\r\nOPTIONS";

        Assert.Equal(RtspParseStatus.Request, Parse(text, out var request, out var consumed, out _));

        Assert.Equal("foo: bar\r\n\r", Encoding.ASCII.GetString(request!.Body.Span));
        Assert.Equal(text.Length - "\nOPTIONS".Length, consumed);
    }

    [Fact]
    public void Waits_for_the_whole_body()
    {
        Assert.Equal(RtspParseStatus.Incomplete, Parse("SET_PARAMETER * RTSP/1.0\r\nContent-Length: 5\r\n\r\nabc", out _, out var consumed, out _));
        Assert.Equal(0, consumed);
    }

    [Fact]
    public void Every_prefix_is_incomplete_and_every_split_parses_the_same()
    {
        var bytes = Encoding.ASCII.GetBytes(Describe);
        for (var length = 0; length < bytes.Length; length++)
            Assert.Equal(RtspParseStatus.Incomplete, Parse(new ReadOnlySequence<byte>(bytes, 0, length), out _, out _, out _, out _));

        for (var cut = 1; cut < bytes.Length; cut++)
        {
            for (var second = cut + 1; second < bytes.Length; second += 7)
            {
                Assert.Equal(RtspParseStatus.Request, Parse(Segments.Split(bytes, cut, second), out var request, out _, out var consumed, out _));
                Assert.Equal(bytes.Length, consumed);
                Assert.Equal("LibVLC/3.0.20 (LIVE555 Streaming Media v2016.11.28)", request!.GetHeader("User-Agent"));
            }
        }
    }

    [Fact]
    public void Parses_pipelined_requests_one_at_a_time()
    {
        var bytes = Encoding.ASCII.GetBytes("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\nOPTIONS * RTSP/1.0\r\nCSeq: 2\r\n\r\n");
        var buffer = new ReadOnlySequence<byte>(bytes);

        Assert.Equal(RtspParseStatus.Request, RtspRequestParser.TryParse(buffer, RtspParserLimits.Default, out var first, out _, out var consumed, out _));
        Assert.Equal(1, first!.CSeq);
        buffer = buffer.Slice(consumed);
        Assert.Equal(RtspParseStatus.Request, RtspRequestParser.TryParse(buffer, RtspParserLimits.Default, out var second, out _, out consumed, out _));
        Assert.Equal(2, second!.CSeq);
        Assert.Equal(buffer.End, consumed);
    }

    [Fact]
    public void Skips_blank_lines_between_messages()
    {
        Assert.Equal(RtspParseStatus.Incomplete, Parse("\r\n\r\n", out _, out var consumed, out _));
        Assert.Equal(4, consumed);

        Assert.Equal(RtspParseStatus.Request, Parse("\r\nOPTIONS * RTSP/1.0\r\nCSeq: 3\r\n\r\n", out var request, out _, out _));
        Assert.Equal(3, request!.CSeq);
    }

    [Fact]
    public void Accepts_bare_line_feeds_and_folded_headers()
    {
        Assert.Equal(RtspParseStatus.Request, Parse("SETUP rtsp://h/cam/trackID=0 RTSP/1.0\nCSeq: 3\nTransport: RTP/AVP;unicast;\n  client_port=5000-5001\n\n", out var request, out _, out _));

        Assert.Equal("RTP/AVP;unicast; client_port=5000-5001", request!.GetHeader("Transport"));
    }

    [Fact]
    public void Reads_interleaved_frames()
    {
        byte[] bytes = [(byte)'$', 1, 0, 4, 0x81, 0xC9, 0x00, 0x01, (byte)'$', 0, 0, 2, 9];
        for (var cut = 1; cut < bytes.Length; cut++)
        {
            var buffer = Segments.Split(bytes, cut);
            Assert.Equal(RtspParseStatus.InterleavedFrame, Parse(buffer, out var request, out var frame, out var consumed, out _));
            Assert.Null(request);
            Assert.Equal(1, frame.Channel);
            Assert.Equal([0x81, 0xC9, 0x00, 0x01], frame.Payload.ToArray());
            Assert.Equal(8, consumed);
        }

        for (var length = 0; length < 8; length++)
            Assert.Equal(RtspParseStatus.Incomplete, Parse(new ReadOnlySequence<byte>(bytes, 0, length), out _, out _, out _, out _));
    }

    [Fact]
    public void Reads_a_request_after_an_interleaved_frame()
    {
        byte[] bytes = [(byte)'$', 1, 0, 1, 0xFF, .. Encoding.ASCII.GetBytes("GET_PARAMETER rtsp://h/cam RTSP/1.0\r\nCSeq: 7\r\n\r\n")];
        var buffer = new ReadOnlySequence<byte>(bytes);
        Assert.Equal(RtspParseStatus.InterleavedFrame, RtspRequestParser.TryParse(buffer, RtspParserLimits.Default, out _, out _, out var consumed, out _));

        Assert.Equal(RtspParseStatus.Request, RtspRequestParser.TryParse(buffer.Slice(consumed), RtspParserLimits.Default, out var request, out _, out _, out _));
        Assert.Equal(RtspMethod.GetParameter, request!.Method);
    }

    [Fact]
    public void Headers_beyond_the_limit_are_invalid_even_before_they_end()
    {
        var limits = new RtspParserLimits { MaxHeaderBytes = 256 };
        var head = "OPTIONS * RTSP/1.0\r\nX-Long: " + new string('a', 300);

        Assert.Equal(RtspParseStatus.Invalid, Parse(head, out _, out _, out var error, limits));
        Assert.Equal(RtspRequestParser.RequestTooLarge, error);
        Assert.Equal(RtspParseStatus.Incomplete, Parse(head[..200], out _, out _, out _, limits));
    }

    [Fact]
    public void A_request_exactly_at_the_header_limit_is_accepted()
    {
        var text = "OPTIONS * RTSP/1.0\r\nX-Pad: ";
        text += new string('p', 256 - text.Length - 4) + "\r\n\r\n";
        Assert.Equal(256, text.Length);

        Assert.Equal(RtspParseStatus.Request, Parse(text, out _, out _, out _, new RtspParserLimits { MaxHeaderBytes = 256 }));
        Assert.Equal(RtspParseStatus.Invalid, Parse(text, out _, out _, out _, new RtspParserLimits { MaxHeaderBytes = 255 }));
    }

    [Fact]
    public void Too_many_headers_are_invalid()
    {
        var text = new StringBuilder("OPTIONS * RTSP/1.0\r\n");
        for (var i = 0; i < 65; i++)
            text.Append("X-H").Append(i).Append(": v\r\n");
        text.Append("\r\n");

        Assert.Equal(RtspParseStatus.Invalid, Parse(text.ToString(), out _, out _, out var error));
        Assert.Equal("too many headers", error);
    }

    [Theory]
    [InlineData("Content-Length: 65537", "body too large")]
    [InlineData("Content-Length: -1", "invalid Content-Length")]
    [InlineData("Content-Length: 12abc", "invalid Content-Length")]
    [InlineData("Content-Length: 99999999999999999999", "invalid Content-Length")]
    [InlineData("Content-Length: 1\r\nContent-Length: 2", "invalid Content-Length")]
    public void Bad_content_lengths_are_invalid(string header, string reason)
    {
        Assert.Equal(RtspParseStatus.Invalid, Parse($"ANNOUNCE * RTSP/1.0\r\n{header}\r\n\r\n", out _, out _, out var error));
        Assert.Equal(reason, error);
    }

    [Theory]
    [InlineData("\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u01fc\u0003\u0003")] // a TLS ClientHello
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\n\r\n")]
    [InlineData("OPTIONS\r\n\r\n")]
    [InlineData("OPTIONS *\r\n\r\n")]
    [InlineData("OPTIONS * RTSP/1.0 \r\n\r\n")]
    [InlineData("OPTIONS * RTSP/x\r\n\r\n")]
    [InlineData("OPT(ONS * RTSP/1.0\r\n\r\n")]
    [InlineData("OPTIONS a\u0001b RTSP/1.0\r\n\r\n")]
    [InlineData("OPTIONS * RTSP/1.0\r\nNo colon here\r\n\r\n")]
    [InlineData("OPTIONS * RTSP/1.0\r\n: empty name\r\n\r\n")]
    [InlineData("OPTIONS * RTSP/1.0\r\nBad Name: x\r\n\r\n")]
    [InlineData("OPTIONS * RTSP/1.0\r\nX: a\u0000b\r\n\r\n")]
    [InlineData("OPTIONS * RTSP/1.0\r\n folded first: x\r\n\r\n")]
    public void Malformed_requests_are_invalid(string text)
    {
        Assert.Equal(RtspParseStatus.Invalid, Parse(text, out var request, out _, out var error));
        Assert.Null(request);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void A_tls_handshake_is_rejected_at_once()
    {
        Assert.Equal(RtspParseStatus.Invalid, Parse(new ReadOnlySequence<byte>([0x16, 0x03]), out _, out _, out _, out var error));
        Assert.Equal("not an RTSP request", error);
    }

    [Fact]
    public void Request_string_hides_credentials_in_the_uri()
    {
        Parse("DESCRIBE rtsp://admin:secret@10.0.0.2/front RTSP/1.0\r\nCSeq: 4\r\n\r\n", out var request, out _, out _);

        Assert.Equal("DESCRIBE rtsp://***@10.0.0.2/front CSeq 4", request!.ToString());
    }

    [Fact]
    public void Never_throws_on_random_bytes_or_mutated_requests()
    {
        var random = new Random(11);
        var template = Encoding.ASCII.GetBytes("SETUP rtsp://h/cam/trackID=0 RTSP/1.0\r\nCSeq: 3\r\nContent-Length: 4\r\nTransport: RTP/AVP/TCP;interleaved=0-1\r\n\r\nbody");
        var limits = new RtspParserLimits { MaxHeaderBytes = 512, MaxBodyBytes = 64 };
        for (var i = 0; i < 30_000; i++)
        {
            byte[] bytes;
            if (i % 2 == 0)
            {
                bytes = new byte[random.Next(0, 600)];
                random.NextBytes(bytes);
                if (bytes.Length > 0 && random.Next(3) == 0)
                    bytes[0] = (byte)'$';
            }
            else
            {
                bytes = (byte[])template.Clone();
                for (var m = random.Next(1, 6); m > 0; m--)
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            var cuts = bytes.Length > 2 ? new[] { random.Next(1, bytes.Length) } : [];
            var buffer = Segments.Split(bytes, cuts);
            var status = RtspRequestParser.TryParse(buffer, limits, out var request, out var frame, out var consumed, out var error);
            var used = buffer.Slice(0, consumed).Length;
            Assert.InRange(used, 0, bytes.Length);
            switch (status)
            {
                case RtspParseStatus.Request:
                    Assert.NotNull(request);
                    Assert.True(used > 0);
                    break;
                case RtspParseStatus.InterleavedFrame:
                    Assert.True(used >= frame.Payload.Length + 4);
                    break;
                case RtspParseStatus.Invalid:
                    Assert.NotNull(error);
                    break;
            }
        }
    }
}
