using Edge.Rtsp.Protocol.Rtp;
using Edge.Rtsp.Tests.Protocol.Support;

namespace Edge.Rtsp.Tests.Protocol.Rtp;

/// <summary>The shared table of <see cref="H264PayloadCases"/>, checked in both directions.</summary>
public sealed class H264PayloadFormatTests
{
    private const uint Ssrc = 0x11223344;
    private const uint Timestamp = 90_000;

    public static TheoryData<string> Cases => H264PayloadCases.Names();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Packetizer_produces_the_expected_payloads(string name)
    {
        var c = H264PayloadCases.Get(name);
        var packetizer = new H264RtpPacketizer(Ssrc, 1000, c.MaxPayloadSize);
        using var output = new RtpPacketList(0);

        packetizer.Packetize(c.AccessUnit, Timestamp, output);

        Assert.Equal(c.Packets.Length, output.Count);
        for (var i = 0; i < output.Count; i++)
        {
            var packet = output.GetPacket(i).Span;
            Assert.True(RtpHeader.TryRead(packet, out var info));
            Assert.Equal(c.Packets[i].Marker, info.Marker);
            Assert.Equal(96, info.PayloadType);
            Assert.Equal((ushort)(1000 + i), info.SequenceNumber);
            Assert.Equal(Timestamp, info.Timestamp);
            Assert.Equal(Ssrc, info.Ssrc);
            Assert.Equal(c.Packets[i].Payload, info.GetPayload(packet).ToArray());
        }

        var payloadBytes = c.Packets.Sum(p => p.Payload.Length);
        Assert.Equal(payloadBytes, output.TotalPayloadBytes);
        Assert.Equal(payloadBytes, packetizer.OctetCount);
        Assert.Equal(c.Packets.Length, packetizer.PacketCount);
        Assert.Equal((ushort)(1000 + c.Packets.Length), packetizer.NextSequenceNumber);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Depacketizer_rebuilds_the_access_unit(string name)
    {
        var c = H264PayloadCases.Get(name);
        using var depacketizer = new H264RtpDepacketizer();
        var completed = new List<byte[]>();

        for (var i = 0; i < c.Packets.Length; i++)
        {
            var packet = new byte[RtpHeader.Size + c.Packets[i].Payload.Length];
            RtpHeader.Write(packet, c.Packets[i].Marker, 96, (ushort)(65530 + i), Timestamp, Ssrc);
            c.Packets[i].Payload.CopyTo(packet, RtpHeader.Size);
            if (depacketizer.TryPush(packet, out var unit, out var timestamp))
            {
                Assert.Equal(Timestamp, timestamp);
                completed.Add(unit.ToArray());
            }
        }

        var only = Assert.Single(completed);
        Assert.Equal(Nal.AnnexB(c.Decoded), only);
        Assert.Equal(0, depacketizer.DroppedAccessUnits);
        Assert.Equal(0, depacketizer.InvalidPackets);
    }
}
