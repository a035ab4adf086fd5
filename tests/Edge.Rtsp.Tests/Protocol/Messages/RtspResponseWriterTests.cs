using System.Buffers;
using System.Text;
using Edge.Rtsp.Protocol.Messages;
using Edge.Rtsp.Tests.Protocol.Support;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Rtsp.Tests.Protocol.Messages;

public sealed class RtspResponseWriterTests
{
    [Fact]
    public void ResponseWithoutBody_IsWritten()
    {
        using var writer = new RtspResponseWriter("Edge/1.0");

        writer.Begin(RtspStatusCodes.Ok, 1);
        writer.AddHeader(RtspHeaderNames.Public, "OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER");
        var response = writer.End();

        Assert.Equal(
            "RTSP/1.0 200 OK\r\nCSeq: 1\r\nServer: Edge/1.0\r\nPublic: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER\r\n\r\n",
            Encoding.ASCII.GetString(response.Span));
    }

    [Fact]
    public void Body_IsWrittenWithItsTypeLengthAndADate()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        using var writer = new RtspResponseWriter(null, time);

        writer.Begin(RtspStatusCodes.Ok, 2);
        writer.AddHeader(RtspHeaderNames.ContentBase, "rtsp://10.0.0.2:8554/front/");
        var response = writer.End("v=0\r\n", "application/sdp");

        Assert.Equal(
            "RTSP/1.0 200 OK\r\nCSeq: 2\r\nDate: Sun, 01 Jun 2025 12:00:00 GMT\r\nContent-Base: rtsp://10.0.0.2:8554/front/\r\n"
            + "Content-Type: application/sdp\r\nContent-Length: 5\r\n\r\nv=0\r\n",
            Encoding.ASCII.GetString(response.Span));
    }

    [Theory]
    [InlineData(200, "OK")]
    [InlineData(400, "Bad Request")]
    [InlineData(401, "Unauthorized")]
    [InlineData(403, "Forbidden")]
    [InlineData(404, "Not Found")]
    [InlineData(405, "Method Not Allowed")]
    [InlineData(406, "Not Acceptable")]
    [InlineData(451, "Parameter Not Understood")]
    [InlineData(453, "Not Enough Bandwidth")]
    [InlineData(454, "Session Not Found")]
    [InlineData(455, "Method Not Valid in This State")]
    [InlineData(459, "Aggregate operation not allowed")]
    [InlineData(461, "Unsupported transport")]
    [InlineData(462, "Destination unreachable")]
    [InlineData(500, "Internal Server Error")]
    [InlineData(501, "Not Implemented")]
    [InlineData(503, "Service Unavailable")]
    [InlineData(505, "RTSP Version not supported")]
    [InlineData(499, "Client Error")]
    public void ReasonPhrases_AreTheStandardOnes(int code, string phrase)
    {
        using var writer = new RtspResponseWriter(null);

        writer.Begin(code, -1);

        Assert.Equal($"RTSP/1.0 {code} {phrase}\r\n\r\n", Encoding.ASCII.GetString(writer.End().Span));
    }

    [Fact]
    public void Writer_IsReused_AndCopiesIntoABufferWriter()
    {
        using var writer = new RtspResponseWriter(null);
        writer.Begin(404, 5);
        writer.End();
        writer.Begin(200, 6);
        writer.AddHeader(RtspHeaderNames.Session, "12345678;timeout=60");
        writer.End(new byte[3000], "application/octet-stream");
        var output = new ArrayBufferWriter<byte>();

        writer.WriteTo(output);

        var text = Encoding.ASCII.GetString(output.WrittenSpan);
        Assert.StartsWith("RTSP/1.0 200 OK\r\nCSeq: 6\r\nSession: 12345678;timeout=60\r\n", text, StringComparison.Ordinal);
        Assert.Contains("Content-Length: 3000\r\n\r\n", text, StringComparison.Ordinal);
        Assert.Equal(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4 + 3000, output.WrittenCount);
    }

    [Fact]
    public void HeaderInjectionAndMisuse_AreRefused()
    {
        using var writer = new RtspResponseWriter(null);
        Assert.Throws<InvalidOperationException>(() => writer.AddHeader("X", "y"));

        writer.Begin(200, 1);
        Assert.Throws<ArgumentException>(() => writer.AddHeader("X", "a\r\nInjected: yes"));
        Assert.Throws<ArgumentException>(() => writer.AddHeader("Bad Name", "x"));
        Assert.Throws<InvalidOperationException>(() => writer.WriteTo(new ArrayBufferWriter<byte>()));
    }
}
