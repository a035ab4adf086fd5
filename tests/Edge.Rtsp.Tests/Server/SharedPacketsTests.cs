using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Edge.Media;
using Edge.Media.Streaming;
using Edge.Rtsp.Server;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Rtsp.Tests.Server;

/// <summary>
/// A camera's RTP packets are made once and every client gets the same ones: two TCP clients (on
/// the usual channel 0 and on channel 2), a UDP client and the multicast group see one SSRC, and
/// wherever two of them received a packet with the same sequence number it is the same packet,
/// byte for byte after the header's fixed fields. Real sockets on loopback.
/// </summary>
public sealed class SharedPacketsTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private const int PacketsPerClient = 90;

    [Fact]
    public async Task Every_session_and_the_multicast_group_send_the_same_packets_with_one_ssrc_and_one_sequence()
    {
        var group = new IPAddress([239, 255, (byte)Random.Shared.Next(100, 200), (byte)Random.Shared.Next(1, 255)]);
        var multicastPort = FreeUdpPorts.Pair();
        using var hub = new StreamHub("cam");
        await using var server = new RtspServer(
            new RtspServerOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0), UdpRtpPort = FreeUdpPorts.Pair(), MulticastAddress = group, MulticastPort = multicastPort, Transports = RtpTransports.Tcp | RtpTransports.Udp | RtpTransports.Multicast, RtpPayloadSize = 1000 },
            new OneStream(hub), health: null, TimeProvider.System, NullLogger.Instance);
        server.Start();
        using var stop = new CancellationTokenSource();
        var publisher = PublishDistinctFramesAsync(hub, stop.Token);
        using var timeout = new CancellationTokenSource(Wait);

        try
        {
            using var multicast = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            multicast.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            multicast.Bind(new IPEndPoint(IPAddress.Any, multicastPort));
            multicast.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(group, IPAddress.Any));
            using var multicastClient = new RtspTestClient(server.LocalEndPoint!, "cam");
            await multicastClient.SetupAsync("RTP/AVP;multicast");
            await multicastClient.PlayAsync();

            var udpPort = FreeUdpPorts.Pair();
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, udpPort));
            using var udpClient = new RtspTestClient(server.LocalEndPoint!, "cam");
            await udpClient.SetupAsync($"RTP/AVP;unicast;client_port={udpPort}-{udpPort + 1}");
            await udpClient.PlayAsync();

            using var tcpClient = new RtspTestClient(server.LocalEndPoint!, "cam");
            await tcpClient.SetupAsync("RTP/AVP/TCP;unicast;interleaved=0-1");
            var tcpPlay = await tcpClient.PlayAsync();
            using var otherChannelClient = new RtspTestClient(server.LocalEndPoint!, "cam");
            await otherChannelClient.SetupAsync("RTP/AVP/TCP;unicast;interleaved=2-3");
            await otherChannelClient.PlayAsync();

            var received = await Task.WhenAll(
                ReceiveTcpAsync(tcpClient, 0, timeout.Token),
                ReceiveTcpAsync(otherChannelClient, 2, timeout.Token),
                ReceiveUdpAsync(udp, timeout.Token),
                ReceiveUdpAsync(multicast, timeout.Token));

            var ssrcs = received.SelectMany(packets => packets.Select(p => p.Ssrc)).Distinct().ToList();
            Assert.Single(ssrcs);
            // RTP-Info tells the TCP client the sequence number and timestamp its first packet has.
            var first = received[0][0];
            Assert.Contains($"seq={first.Sequence};rtptime={first.Timestamp}", tcpPlay, StringComparison.Ordinal);

            var shared = 0;
            for (var a = 0; a < received.Length; a++)
            {
                AssertSequenceGoesForward(received[a]);
                for (var b = a + 1; b < received.Length; b++)
                {
                    var bySequence = received[b].ToDictionary(p => p.Sequence);
                    var common = received[a].Where(p => bySequence.ContainsKey(p.Sequence)).ToList();
                    Assert.True(common.Count >= PacketsPerClient / 3, $"clients {a} and {b} have only {common.Count} packets in common");
                    foreach (var packet in common)
                    {
                        var other = bySequence[packet.Sequence];
                        Assert.Equal(packet.Timestamp, other.Timestamp);
                        Assert.Equal(packet.Bytes, other.Bytes);
                        shared++;
                    }
                }
            }
            Assert.True(shared > 0);
        }
        finally
        {
            await stop.CancelAsync();
            await publisher;
        }
    }

    private static void AssertSequenceGoesForward(List<RtpPacket> packets)
    {
        for (var i = 1; i < packets.Count; i++)
        {
            var step = (ushort)(packets[i].Sequence - packets[i - 1].Sequence);
            Assert.InRange(step, 1, 1000);
        }
    }

    private static async Task<List<RtpPacket>> ReceiveTcpAsync(RtspTestClient client, byte channel, CancellationToken cancellationToken)
    {
        var packets = new List<RtpPacket>();
        while (packets.Count < PacketsPerClient)
        {
            var (frameChannel, packet) = await client.ReadInterleavedAsync(cancellationToken);
            if (frameChannel == channel)
                packets.Add(RtpPacket.Parse(packet));
            else
                Assert.Equal(channel + 1, frameChannel); // RTCP, on the channel after
        }
        return packets;
    }

    private static async Task<List<RtpPacket>> ReceiveUdpAsync(Socket socket, CancellationToken cancellationToken)
    {
        var packets = new List<RtpPacket>();
        var buffer = new byte[2048];
        while (packets.Count < PacketsPerClient)
        {
            var length = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            packets.Add(RtpPacket.Parse(buffer.AsSpan(0, length).ToArray()));
        }
        return packets;
    }

    /// <summary>IDRs of 2,500 bytes (three packets at a 1,000-byte payload), each filled with a byte of its own.</summary>
    private static async Task PublishDistinctFramesAsync(StreamHub hub, CancellationToken stop)
    {
        var data = new byte[2500];
        data[3] = 1;
        data[4] = 0x65;
        for (var frame = 0L; !stop.IsCancellationRequested; frame++)
        {
            data.AsSpan(5).Fill((byte)(1 + frame % 250));
            hub.Publish(AccessUnit.CopyOf(data, TimeProvider.System.GetTimestamp(), frame * 3000, isKeyframe: true, frame));
            try
            {
                await Task.Delay(10, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private sealed record RtpPacket(ushort Sequence, uint Timestamp, uint Ssrc, byte[] Bytes)
    {
        public static RtpPacket Parse(byte[] packet)
        {
            Assert.True(packet.Length > 12, "an RTP packet has a 12-byte header");
            Assert.Equal(2, packet[0] >> 6);
            return new RtpPacket(
                BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(2)),
                BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(4)),
                BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(8)),
                packet);
        }
    }

    private sealed class OneStream(StreamHub hub) : IRtspStreamCatalog
    {
        public bool TryGetStream(string name, out StreamHub stream, out int index)
        {
            stream = hub;
            index = 0;
            return name == hub.Name;
        }
    }
}
