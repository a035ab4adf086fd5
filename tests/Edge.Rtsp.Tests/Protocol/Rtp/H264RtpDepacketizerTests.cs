using Edge.Rtsp.Protocol.Rtp;
using Edge.Rtsp.Tests.Protocol.Support;

namespace Edge.Rtsp.Tests.Protocol.Rtp;

public sealed class H264RtpDepacketizerTests
{
    private static List<byte[]> Packetize(byte[] accessUnit, uint timestamp, H264RtpPacketizer packetizer)
    {
        using var list = new RtpPacketList(0);
        packetizer.Packetize(accessUnit, timestamp, list);
        return [.. Enumerable.Range(0, list.Count).Select(i => list.GetPacket(i).ToArray())];
    }

    private static List<byte[]> Feed(H264RtpDepacketizer depacketizer, IEnumerable<byte[]> packets)
    {
        var units = new List<byte[]>();
        foreach (var packet in packets)
        {
            if (depacketizer.TryPush(packet, out var unit, out _))
                units.Add(unit.ToArray());
        }

        return units;
    }

    [Fact]
    public void A_missing_fragment_drops_only_its_access_unit()
    {
        var packetizer = new H264RtpPacketizer(1, 100, 500);
        var first = Nal.AnnexB(Nal.Make(Nal.Idr, 3000, seed: 1));
        var second = Nal.AnnexB(Nal.Make(Nal.Slice, 3000, seed: 2));
        var third = Nal.AnnexB(Nal.Make(Nal.Slice, 200, seed: 3));
        var packets = new List<byte[]>();
        packets.AddRange(Packetize(first, 0, packetizer));
        var broken = Packetize(second, 3000, packetizer);
        broken.RemoveAt(2);
        packets.AddRange(broken);
        packets.AddRange(Packetize(third, 6000, packetizer));
        using var depacketizer = new H264RtpDepacketizer();

        var units = Feed(depacketizer, packets);

        Assert.Equal([first, third], units);
        Assert.Equal(1, depacketizer.DroppedAccessUnits);
        Assert.Equal(1, depacketizer.LostPackets);
    }

    [Fact]
    public void A_lost_marker_packet_drops_the_unit_when_the_next_timestamp_arrives()
    {
        var packetizer = new H264RtpPacketizer(1, 0, 500);
        var first = Nal.AnnexB(Nal.Make(Nal.Idr, 1200, seed: 1));
        var second = Nal.AnnexB(Nal.Make(Nal.Slice, 100, seed: 2));
        var third = Nal.AnnexB(Nal.Make(Nal.Slice, 100, seed: 3));
        var firstPackets = Packetize(first, 0, packetizer);
        firstPackets.RemoveAt(firstPackets.Count - 1);
        var packets = firstPackets.Concat(Packetize(second, 3000, packetizer)).Concat(Packetize(third, 6000, packetizer));
        using var depacketizer = new H264RtpDepacketizer();

        var units = Feed(depacketizer, packets);

        // The unit right after a gap may have lost its start too, so it goes as well.
        Assert.Equal([third], units);
        Assert.Equal(2, depacketizer.DroppedAccessUnits);
    }

    [Fact]
    public void Fragments_out_of_order_are_rejected()
    {
        var nal = Nal.Make(Nal.Idr, 100, seed: 1);
        byte[] middle = [0x7C, 0x05, .. nal[1..10]];
        byte[] packet = [0x80, 0xE0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, .. middle];
        using var depacketizer = new H264RtpDepacketizer();

        Assert.False(depacketizer.TryPush(packet, out _, out _));

        Assert.Equal(1, depacketizer.InvalidPackets);
        Assert.Equal(1, depacketizer.DroppedAccessUnits);
    }

    [Fact]
    public void An_oversized_access_unit_is_dropped()
    {
        var packetizer = new H264RtpPacketizer(1, 0);
        using var depacketizer = new H264RtpDepacketizer(maxAccessUnitSize: 1000);

        var units = Feed(depacketizer, Packetize(Nal.AnnexB(Nal.Make(Nal.Idr, 5000, seed: 1)), 0, packetizer));

        Assert.Empty(units);
        Assert.Equal(1, depacketizer.DroppedAccessUnits);
    }

    [Fact]
    public void Never_throws_on_random_packets_and_recovers_afterwards()
    {
        var random = new Random(5);
        using var depacketizer = new H264RtpDepacketizer(64 * 1024);
        for (var i = 0; i < 50_000; i++)
        {
            var packet = new byte[random.Next(0, 80)];
            random.NextBytes(packet);
            if (packet.Length > 12 && random.Next(2) == 0)
            {
                packet[0] = 0x80; // mostly valid RTP, random H.264 payload
                packet[12] = (byte)(random.Next(2) == 0 ? 28 : 24 | (packet[12] & 0xE0));
            }

            depacketizer.TryPush(packet, out _, out _);
        }

        var packetizer = new H264RtpPacketizer(9, 0);
        var good = Nal.AnnexB(Nal.Make(Nal.Sps, 20, seed: 1), Nal.Make(Nal.Pps, 4, seed: 2), Nal.Make(Nal.Idr, 10_000, seed: 3));
        var units = Feed(depacketizer, Packetize(good, 1, packetizer).Concat(Packetize(good, 2, packetizer)));

        Assert.Equal(good, units[^1]);
    }
}
