using Edge.Rtsp.Protocol.Rtcp;

namespace Edge.Rtsp.Tests.Protocol.Rtcp;

public sealed class RtcpWriterTests
{
    [Fact]
    public void Writes_a_sender_report_with_cname()
    {
        var buffer = new byte[128];

        var length = RtcpWriter.WriteSenderReport(buffer, 0x01020304, new NtpTimestamp(0x1122334455667788), 0xAABBCCDD, 10, 1000, "edge");

        Assert.Equal(RtcpWriter.GetSenderReportLength("edge"), length);
        Assert.Equal(
            Convert.FromHexString(
                "80C80006" + "01020304" + "1122334455667788" + "AABBCCDD" + "0000000A" + "000003E8"
                + "81CA0003" + "01020304" + "0104" + "65646765" + "0000"),
            buffer[..length]);
    }

    [Theory]
    [InlineData("", 28 + 12)]
    [InlineData("a", 28 + 12)]
    [InlineData("ab", 28 + 16)]
    [InlineData("abcdef", 28 + 20)]
    public void Pads_the_sdes_chunk_to_32_bits_with_at_least_one_end_byte(string cname, int expected)
    {
        var buffer = new byte[128];
        Array.Fill(buffer, (byte)0xEE);

        var length = RtcpWriter.WriteSenderReport(buffer, 1, default, 0, 0, 0, cname);

        Assert.Equal(expected, length);
        Assert.Equal(0, buffer[length - 1]);
        Assert.True(RtcpReader.TryParse(buffer.AsSpan(0, length), out var summary));
        Assert.True(summary.HasSenderReport);
    }

    [Fact]
    public void Writes_a_bye()
    {
        var buffer = new byte[8];

        Assert.Equal(8, RtcpWriter.WriteBye(buffer, 0xDEADBEEF));

        Assert.Equal(Convert.FromHexString("81CB0001DEADBEEF"), buffer);
    }

    [Fact]
    public void Sender_report_and_bye_parse_as_one_compound()
    {
        var buffer = new byte[128];

        var length = RtcpWriter.WriteSenderReportAndBye(buffer, 7, default, 0, 0, 0, "cam@edge");

        Assert.True(RtcpReader.TryParse(buffer.AsSpan(0, length), out var summary));
        Assert.True(summary.HasSenderReport);
        Assert.True(summary.HasBye);
        Assert.Equal(7u, summary.SenderSsrc);
    }

    [Fact]
    public void Rejects_a_short_destination_and_a_long_cname()
    {
        Assert.Throws<ArgumentException>(() => RtcpWriter.WriteSenderReport(new byte[30], 1, default, 0, 0, 0, "edge"));
        Assert.Throws<ArgumentException>(() => RtcpWriter.WriteSenderReport(new byte[1024], 1, default, 0, 0, 0, new string('x', 256)));
        Assert.Throws<ArgumentException>(() => RtcpWriter.WriteBye(new byte[7], 1));
    }

    [Fact]
    public void Writing_a_sender_report_allocates_nothing()
    {
        var buffer = new byte[128];
        RtcpWriter.WriteSenderReport(buffer, 1, default, 0, 0, 0, "edge-cam");

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
            RtcpWriter.WriteSenderReport(buffer, 1, new NtpTimestamp((ulong)i), (uint)i, (uint)i, (uint)i, "edge-cam");

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
