using Edge.Rtsp.Protocol.Sdp;

namespace Edge.Rtsp.Tests.Protocol.Sdp;

public sealed class SdpWriterTests
{
    // Constrained Baseline 3.1, 1280x720 (libx264).
    private static readonly byte[] Sps = Convert.FromHexString("6742c01fd9005005bb0110000003001000000303c0f1832480");
    private static readonly byte[] Pps = Convert.FromHexString("68cb83cb20");

    [Fact]
    public void Describes_a_unicast_h264_stream()
    {
        var sdp = SdpWriter.ForH264("front", "192.168.1.20", 1234567890, Sps, Pps, 96, "trackID=0", 1280, 720, 30, null, 0);

        Assert.Equal(
            "v=0\r\n"
            + "o=- 1234567890 1 IN IP4 192.168.1.20\r\n"
            + "s=front\r\n"
            + "c=IN IP4 0.0.0.0\r\n"
            + "t=0 0\r\n"
            + "a=control:*\r\n"
            + "a=range:npt=0-\r\n"
            + "m=video 0 RTP/AVP 96\r\n"
            + "a=rtpmap:96 H264/90000\r\n"
            + "a=fmtp:96 packetization-mode=1;profile-level-id=42c01f;sprop-parameter-sets=Z0LAH9kAUAW7ARAAAAMAEAAAAwPA8YMkgA==,aMuDyyA=\r\n"
            + "a=control:trackID=0\r\n"
            + "a=framerate:30\r\n"
            + "a=x-dimensions:1280,720\r\n",
            sdp);
    }

    [Fact]
    public void Describes_a_multicast_stream_without_optional_attributes()
    {
        var sdp = SdpWriter.ForH264("", "10.0.0.1", 1, Sps, Pps, 97, "trackID=0", null, null, null, "239.255.42.1", 1);

        Assert.Contains("\r\ns=-\r\n", sdp, StringComparison.Ordinal);
        Assert.Contains("\r\nc=IN IP4 239.255.42.1/1\r\n", sdp, StringComparison.Ordinal);
        Assert.Contains("\r\nm=video 0 RTP/AVP 97\r\na=rtpmap:97 H264/90000\r\na=fmtp:97 packetization-mode=1;", sdp, StringComparison.Ordinal);
        Assert.DoesNotContain("framerate", sdp, StringComparison.Ordinal);
        Assert.DoesNotContain("x-dimensions", sdp, StringComparison.Ordinal);
    }

    [Fact]
    public void Writes_fractional_frame_rates_and_ipv6_origins()
    {
        var sdp = SdpWriter.ForH264("cam", "fd00::2", 1, Sps, Pps, 96, "trackID=0", null, null, 30000.0 / 1001, null, 0);

        Assert.Contains("o=- 1 1 IN IP6 fd00::2\r\n", sdp, StringComparison.Ordinal);
        Assert.Contains("a=framerate:29.97\r\n", sdp, StringComparison.Ordinal);
    }

    [Fact]
    public void Leaves_out_parameter_sets_that_are_not_known_yet()
    {
        var sdp = SdpWriter.ForH264("cam", "10.0.0.1", 1, [], [], 96, "trackID=0", null, null, null, null, 0);

        Assert.Contains("a=fmtp:96 packetization-mode=1\r\n", sdp, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_line_ends_in_crlf()
    {
        var sdp = SdpWriter.ForH264("cam", "10.0.0.1", 1, Sps, Pps, 96, "trackID=0", 640, 480, 25, null, 0);

        Assert.EndsWith("\r\n", sdp, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", sdp.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_values_that_would_break_the_syntax()
    {
        Assert.Throws<ArgumentException>(() => SdpWriter.ForH264("a\r\nb=c", "10.0.0.1", 1, Sps, Pps, 96, "trackID=0", null, null, null, null, 0));
        Assert.Throws<ArgumentException>(() => SdpWriter.ForH264("cam", "10.0.0.1", 1, Sps, Pps, 96, "track ID", null, null, null, null, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SdpWriter.ForH264("cam", "10.0.0.1", 1, Sps, Pps, 35, "trackID=0", null, null, null, null, 0));
    }
}
