using Edge.Rtsp.Protocol.Rtcp;

namespace Edge.Rtsp.Tests.Protocol.Rtcp;

public sealed class RtcpReaderTests
{
    // A receiver report from SSRC 0x11111111 with one block about 0x22222222 (fraction lost 64/256,
    // cumulative lost -3, highest seq 0x00010005, jitter 90, LSR 0x12345678, DLSR 0x00018000), then SDES.
    private const string ReceiverReport =
        "81C90007" + "11111111"
        + "22222222" + "40FFFFFD" + "00010005" + "0000005A" + "12345678" + "00018000"
        + "81CA0003" + "11111111" + "0104" + "7663" + "6C63" + "0000";

    [Fact]
    public void Reads_a_receiver_report_block()
    {
        Assert.True(RtcpReader.TryParse(Convert.FromHexString(ReceiverReport), out var summary));

        Assert.Equal(0x11111111u, summary.SenderSsrc);
        Assert.True(summary.HasReceiverReport);
        Assert.False(summary.HasSenderReport);
        Assert.False(summary.HasBye);
        Assert.Equal(1, summary.ReportBlockCount);
        Assert.True(summary.HasReport);
        Assert.Equal(new ReceptionReport(0x22222222, 64, -3, 0x00010005, 90, 0x12345678, 0x00018000), summary.Report);
        Assert.Equal(0.25, summary.Report.LossRatio);
    }

    [Fact]
    public void Picks_the_block_about_the_media_ssrc()
    {
        var twoBlocks = Convert.FromHexString(
            "82C9000D" + "11111111"
            + "33333333" + "01000001" + "00000001" + "00000001" + "00000000" + "00000000"
            + "22222222" + "02000002" + "00000002" + "00000002" + "00000000" + "00000000");

        Assert.True(RtcpReader.TryParse(twoBlocks, 0x22222222u, out var summary));
        Assert.Equal(2, summary.ReportBlockCount);
        Assert.Equal(0x22222222u, summary.Report.Ssrc);
        Assert.Equal(2, summary.Report.FractionLost);

        Assert.True(RtcpReader.TryParse(twoBlocks, 0x44444444u, out summary));
        Assert.False(summary.HasReport);
    }

    [Fact]
    public void Reads_bye_and_keyframe_requests()
    {
        // RR without blocks, PLI (PSFB FMT=1), BYE.
        var packet = Convert.FromHexString("80C90001" + "11111111" + "81CE0002" + "11111111" + "22222222" + "81CB0001" + "11111111");

        Assert.True(RtcpReader.TryParse(packet, out var summary));

        Assert.True(summary.HasBye);
        Assert.True(summary.HasKeyframeRequest);
        Assert.Equal(0, summary.ReportBlockCount);
    }

    [Fact]
    public void Computes_round_trip_time_from_lsr_and_dlsr()
    {
        var report = new ReceptionReport(1, 0, 0, 0, 0, LastSenderReport: 0x00010000, DelaySinceLastSenderReport: 0x00008000);
        var arrival = new NtpTimestamp(0x0000_0002_0000_0000); // middle 32 bits: 0x00020000

        Assert.True(report.TryGetRoundTripTime(arrival, out var rtt));
        Assert.Equal(TimeSpan.FromSeconds(0.5), rtt);
        var noSenderReportYet = report with { LastSenderReport = 0 };
        Assert.False(noSenderReportYet.TryGetRoundTripTime(arrival, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("80C9")]
    [InlineData("40C9000111111111")] // version 1
    [InlineData("80C9000211111111")] // length runs past the end
    [InlineData("81C9000111111111")] // one block announced, none there
    [InlineData("80C8000111111111")] // sender report too short
    [InlineData("A0C9000211111111000000FF")] // padding larger than the packet
    [InlineData("80C900011111111180")] // trailing byte
    public void Rejects_malformed_compounds(string hex)
    {
        Assert.False(RtcpReader.TryParse(Convert.FromHexString(hex), out _));
    }

    [Fact]
    public void Never_throws_on_random_bytes()
    {
        var random = new Random(3);
        var accepted = 0;
        for (var i = 0; i < 100_000; i++)
        {
            var packet = new byte[random.Next(0, 100)];
            random.NextBytes(packet);
            if (packet.Length >= 4 && random.Next(2) == 0)
            {
                packet[0] = (byte)(0x80 | (packet[0] & 0x3F));
                packet[1] = (byte)random.Next(200, 207);
                packet[2] = 0;
                packet[3] = (byte)((packet.Length / 4) - 1);
            }

            if (RtcpReader.TryParse(packet, out _))
                accepted++;
        }

        Assert.True(accepted > 0);
    }
}
