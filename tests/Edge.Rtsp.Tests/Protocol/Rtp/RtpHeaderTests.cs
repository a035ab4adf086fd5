using Edge.Rtsp.Protocol.Rtp;

namespace Edge.Rtsp.Tests.Protocol.Rtp;

public sealed class RtpHeaderTests
{
    [Fact]
    public void Writes_the_fixed_header_in_network_order()
    {
        var packet = new byte[12];

        RtpHeader.Write(packet, marker: true, payloadType: 96, sequenceNumber: 0x1234, timestamp: 0xAABBCCDD, ssrc: 0x01020304);

        Assert.Equal(Convert.FromHexString("80E01234AABBCCDD01020304"), packet);
    }

    [Fact]
    public void Reads_back_what_it_writes()
    {
        var packet = new byte[20];
        RtpHeader.Write(packet, marker: false, payloadType: 127, sequenceNumber: 65535, timestamp: 1, ssrc: uint.MaxValue);

        Assert.True(RtpHeader.TryRead(packet, out var info));

        Assert.Equal(new RtpPacketInfo(false, 127, 65535, 1, uint.MaxValue, 12, 8), info);
    }

    [Fact]
    public void Skips_csrc_list_and_extension_and_removes_padding()
    {
        // V=2 P=1 X=1 CC=2, M=1 PT=96, then 2 CSRCs, a 1-word extension, 3 payload bytes, 2 padding bytes.
        var packet = Convert.FromHexString("B2E00001" + "00000002" + "00000003" + "11111111" + "22222222" + "BEDE0001" + "AABBCCDD" + "010203" + "0002");

        Assert.True(RtpHeader.TryRead(packet, out var info));

        Assert.True(info.Marker);
        Assert.Equal(3u, info.Ssrc);
        Assert.Equal(12 + 8 + 8, info.PayloadOffset);
        Assert.Equal([1, 2, 3], info.GetPayload(packet).ToArray());
    }

    [Theory]
    [InlineData("")]
    [InlineData("80E0000100000002000000")] // 11 bytes
    [InlineData("40E00001000000020000000301")] // version 1
    [InlineData("82E00001000000020000000301")] // 2 CSRCs announced, none there
    [InlineData("90E000010000000200000003BEDE")] // extension header cut short
    [InlineData("90E000010000000200000003BEDE0002AABBCCDD")] // extension longer than the packet
    [InlineData("A0E0000100000002000000030100")] // padding count 0
    [InlineData("A0E0000100000002000000030105")] // more padding than payload
    public void Rejects_malformed_packets(string hex)
    {
        Assert.False(RtpHeader.TryRead(Convert.FromHexString(hex), out _));
    }

    [Fact]
    public void Never_throws_on_random_bytes()
    {
        var random = new Random(42);
        for (var i = 0; i < 20_000; i++)
        {
            var packet = new byte[random.Next(0, 64)];
            random.NextBytes(packet);
            if (RtpHeader.TryRead(packet, out var info))
                Assert.InRange(info.PayloadOffset + info.PayloadLength, 12, packet.Length);
        }
    }
}
