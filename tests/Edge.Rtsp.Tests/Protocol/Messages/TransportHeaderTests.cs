using Edge.Rtsp.Protocol.Messages;

namespace Edge.Rtsp.Tests.Protocol.Messages;

public sealed class TransportHeaderTests
{
    private static TransportSpec ParseOne(string header)
    {
        Assert.True(TransportHeader.TryParse(header, out var alternatives, out var error), error);
        return Assert.Single(alternatives);
    }

    [Fact]
    public void Parses_udp_unicast_from_ffmpeg()
    {
        var spec = ParseOne("RTP/AVP/UDP;unicast;client_port=20000-20001");

        Assert.Equal(TransportSpec.RtpAvpUdp, spec.Profile);
        Assert.False(spec.IsMulticast);
        Assert.False(spec.IsTcp);
        Assert.True(spec.IsRtpAvp);
        Assert.Equal((20000, 20001), spec.ClientPorts);
        Assert.Null(spec.Interleaved);
    }

    [Fact]
    public void Parses_tcp_interleaved_from_vlc()
    {
        var spec = ParseOne("RTP/AVP/TCP;unicast;interleaved=0-1");

        Assert.True(spec.IsTcp);
        Assert.Equal((0, 1), spec.Interleaved);
    }

    [Fact]
    public void Parses_multicast_with_every_parameter()
    {
        var spec = ParseOne("rtp/avp;multicast;destination=239.255.42.1;source=10.0.0.2;port=8002-8003;ttl=1;ssrc=0A1B2C3D;mode=\"PLAY\"");

        Assert.Equal(TransportSpec.RtpAvp, spec.Profile);
        Assert.True(spec.IsMulticast);
        Assert.Equal("239.255.42.1", spec.Destination);
        Assert.Equal("10.0.0.2", spec.Source);
        Assert.Equal((8002, 8003), spec.Port);
        Assert.Equal(1, spec.Ttl);
        Assert.Equal(0x0A1B2C3Du, spec.Ssrc);
        Assert.Equal("PLAY", spec.Mode);
    }

    [Fact]
    public void A_single_port_means_rtcp_on_the_next()
    {
        Assert.Equal((5000, 5001), ParseOne("RTP/AVP;unicast;client_port=5000").ClientPorts);
        Assert.Equal((3, 4), ParseOne("RTP/AVP/TCP;interleaved=3").Interleaved);
    }

    [Fact]
    public void Keeps_alternatives_in_order_and_unknown_parameters()
    {
        Assert.True(TransportHeader.TryParse(
            "RTP/AVP/TCP;unicast;interleaved=0-1, RTP/AVP;unicast;client_port=6970-6971;x-dynamic-rate=1;append",
            out var alternatives,
            out _));

        Assert.Equal(2, alternatives.Count);
        Assert.True(alternatives[0].IsTcp);
        Assert.Equal((6970, 6971), alternatives[1].ClientPorts);
        Assert.Equal([new("x-dynamic-rate", "1"), new("append", null)], alternatives[1].OtherParameters);
    }

    [Fact]
    public void Leaves_out_a_malformed_alternative_and_keeps_the_rest()
    {
        Assert.True(TransportHeader.TryParse("RTP/AVP;client_port=abc,RTP/AVP/TCP;interleaved=0-1", out var alternatives, out var error));

        Assert.True(Assert.Single(alternatives).IsTcp);
        Assert.Equal("malformed client_port", error);
    }

    [Fact]
    public void Quoted_values_may_hold_separators()
    {
        var spec = ParseOne("RTP/AVP;unicast;x-note=\"a,b;c\";client_port=1-2");

        Assert.Equal(new KeyValuePair<string, string?>("x-note", "a,b;c"), Assert.Single(spec.OtherParameters));
        Assert.Equal((1, 2), spec.ClientPorts);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(",,,")]
    [InlineData("RTP/AVP;client_port=70000-70001")]
    [InlineData("RTP/AVP;client_port=-1")]
    [InlineData("RTP/AVP;client_port=1-")]
    [InlineData("RTP/AVP;interleaved=255")]
    [InlineData("RTP/AVP;interleaved=0-256")]
    [InlineData("RTP/AVP;ttl=256")]
    [InlineData("RTP/AVP;ssrc=123456789")]
    [InlineData("RTP/AVP;ssrc=xyz")]
    [InlineData("RTP/AVP;mode=")]
    [InlineData("RTP/AVP;destination=a b")]
    [InlineData("RTP AVP;unicast")]
    [InlineData("RTP/AVP;bad name=1")]
    public void Rejects_malformed_headers(string header)
    {
        Assert.False(TransportHeader.TryParse(header, out var alternatives, out var error));
        Assert.Empty(alternatives);
        Assert.NotEmpty(error);
    }

    [Fact]
    public void Formats_a_server_response()
    {
        var spec = new TransportSpec
        {
            Profile = TransportSpec.RtpAvp,
            ClientPorts = (20000, 20001),
            ServerPorts = (8000, 8001),
            Ssrc = 0x0A1B2C3D,
        };

        Assert.Equal("RTP/AVP;unicast;client_port=20000-20001;server_port=8000-8001;ssrc=0A1B2C3D", TransportHeader.Format(spec));
        Assert.Equal(
            "RTP/AVP/TCP;unicast;interleaved=0-1;mode=\"PLAY\"",
            TransportHeader.Format(new TransportSpec { Profile = TransportSpec.RtpAvpTcp, Interleaved = (0, 1), Mode = "PLAY" }));
        Assert.Equal(
            "RTP/AVP;multicast;destination=239.255.42.1;port=8002-8003;ttl=1",
            TransportHeader.Format(new TransportSpec { IsMulticast = true, Destination = "239.255.42.1", Port = (8002, 8003), Ttl = 1 }));
    }

    [Fact]
    public void Format_and_parse_round_trip()
    {
        var spec = new TransportSpec
        {
            Profile = TransportSpec.RtpAvpTcp,
            Interleaved = (2, 3),
            Ssrc = 0xFFFFFFFF,
            Mode = "PLAY",
        };

        Assert.Equal(spec, ParseOne(TransportHeader.Format(spec)) with { OtherParameters = spec.OtherParameters });
    }

    [Fact]
    public void Never_throws_on_random_text()
    {
        var random = new Random(17);
        const string alphabet = "RTP/AVPUDCunicastmultilevd=-;,\"0123456789 _xyzport";
        for (var i = 0; i < 50_000; i++)
        {
            var chars = new char[random.Next(0, 80)];
            for (var c = 0; c < chars.Length; c++)
                chars[c] = random.Next(10) == 0 ? (char)random.Next(0, 0x3000) : alphabet[random.Next(alphabet.Length)];
            if (TransportHeader.TryParse(new string(chars), out var alternatives, out _))
                Assert.NotEmpty(alternatives);
        }
    }
}
