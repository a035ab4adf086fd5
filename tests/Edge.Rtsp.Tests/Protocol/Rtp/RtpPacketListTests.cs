using Edge.Rtsp.Protocol.Rtp;

namespace Edge.Rtsp.Tests.Protocol.Rtp;

public sealed class RtpPacketListTests
{
    [Fact]
    public void Keeps_packets_back_to_back_after_their_prefixes()
    {
        using var list = new RtpPacketList(4);

        list.Add([1, 2, 3], payloadBytes: 1);
        list.Add([4, 5], payloadBytes: 2);

        Assert.Equal(2, list.Count);
        Assert.Equal([1, 2, 3], list.GetPacket(0).ToArray());
        Assert.Equal([4, 5], list.GetPacket(1).ToArray());
        Assert.Equal([0, 0, 0, 0, 4, 5], list.GetPacketWithPrefix(1).ToArray());
        Assert.Equal([0, 0, 0, 0, 1, 2, 3, 0, 0, 0, 0, 4, 5], list.GetAllWithPrefixes().ToArray());
        Assert.Equal(3, list.TotalPayloadBytes);
        Assert.Equal(13, list.TotalBytes);
    }

    [Fact]
    public void Writes_interleaved_frame_headers()
    {
        using var list = new RtpPacketList(RtpPacketList.InterleavedPrefixBytes);
        list.Add(new byte[300], 288);

        list.WriteInterleavedPrefixes(channel: 4);

        Assert.Equal([(byte)'$', 4, 0x01, 0x2C], list.GetPacketWithPrefix(0)[..4].ToArray());
    }

    [Fact]
    public void Interleaved_prefixes_need_four_bytes_of_room()
    {
        using var list = new RtpPacketList(0);

        Assert.Throws<InvalidOperationException>(() => list.WriteInterleavedPrefixes(0));
    }

    [Fact]
    public void Grows_and_keeps_what_it_holds()
    {
        using var list = new RtpPacketList(0);
        for (var i = 0; i < 1000; i++)
            list.Add(Enumerable.Repeat((byte)i, 100).ToArray(), 88);

        Assert.Equal(1000, list.Count);
        for (var i = 0; i < 1000; i++)
            Assert.All(list.GetPacket(i).ToArray(), b => Assert.Equal((byte)i, b));
        Assert.Equal(100_000, list.GetAllWithPrefixes().Length);
    }

    [Fact]
    public void Clear_empties_the_list()
    {
        using var list = new RtpPacketList(4);
        list.Add([1], 1);

        list.Clear();

        Assert.Equal(0, list.Count);
        Assert.Equal(0, list.TotalPayloadBytes);
        Assert.True(list.GetAllWithPrefixes().IsEmpty);
        Assert.Throws<ArgumentOutOfRangeException>(() => list.GetPacket(0));
    }

    [Fact]
    public void Cannot_be_used_after_dispose()
    {
        var list = new RtpPacketList(0);
        list.Dispose();

        Assert.Throws<ObjectDisposedException>(() => list.Add([1], 1));
    }
}
