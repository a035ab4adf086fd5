using System.Buffers;
using System.Net;
using Edge.Rtsp.Protocol.Rtp;

namespace Edge.Rtsp.Server;

/// <summary>How a session's RTP reaches its client, chosen at SETUP.</summary>
internal abstract class SessionTransport
{
    /// <summary>Bytes reserved before each RTP packet in the session's packet list.</summary>
    public abstract int PacketPrefixBytes { get; }

    /// <summary>What a status page calls this transport.</summary>
    public abstract RtspClientTransport Kind { get; }

    /// <summary>The Transport header value answered to SETUP.</summary>
    public abstract string ResponseHeader { get; }

    /// <summary>True when the session lives only as long as its RTSP connection.</summary>
    public abstract bool BoundToConnection { get; }

    /// <summary>
    /// Sends the packets of one access unit, shared with every other session (each packet after
    /// an interleaved prefix filled for <see cref="RtpPacketBatch.PrefilledChannel"/>, which the
    /// transport must not change); completes when they were handed to the kernel.
    /// </summary>
    public abstract ValueTask SendRtpAsync(RtpPacketList packets, CancellationToken cancellationToken);

    /// <summary>The bytes <see cref="SendRtpAsync"/> puts on the wire for <paramref name="packets"/>.</summary>
    public abstract int WireBytes(RtpPacketList packets);

    /// <summary>Sends one RTCP compound packet.</summary>
    public abstract ValueTask SendRtcpAsync(ReadOnlyMemory<byte> packet, CancellationToken cancellationToken);
}

/// <summary>RTP/AVP over UDP to the client's ports, from the server's two shared ports.</summary>
internal sealed class UdpUnicastTransport : SessionTransport
{
    private readonly UdpPortPair _ports;
    private readonly SocketAddress _rtpDestination;
    private readonly SocketAddress _rtcpDestination;

    public UdpUnicastTransport(UdpPortPair ports, IPAddress client, int clientRtpPort, int clientRtcpPort)
    {
        _ports = ports;
        ClientRtp = new IPEndPoint(client, clientRtpPort);
        ClientRtcp = new IPEndPoint(client, clientRtcpPort);
        _rtpDestination = ClientRtp.Serialize();
        _rtcpDestination = ClientRtcp.Serialize();
        ResponseHeader = $"RTP/AVP;unicast;client_port={clientRtpPort}-{clientRtcpPort};server_port={ports.RtpPort}-{ports.RtcpPort}";
    }

    public IPEndPoint ClientRtp { get; }

    public IPEndPoint ClientRtcp { get; }

    public override int PacketPrefixBytes => 0;

    public override RtspClientTransport Kind => RtspClientTransport.Udp;

    public override string ResponseHeader { get; }

    public override bool BoundToConnection => false;

    public override async ValueTask SendRtpAsync(RtpPacketList packets, CancellationToken cancellationToken)
    {
        for (var i = 0; i < packets.Count; i++)
            await _ports.RtpSender.SendAsync(packets.GetPacket(i), _rtpDestination, cancellationToken).ConfigureAwait(false);
    }

    public override int WireBytes(RtpPacketList packets) => packets.TotalPacketBytes;

    public override async ValueTask SendRtcpAsync(ReadOnlyMemory<byte> packet, CancellationToken cancellationToken) =>
        await _ports.RtcpSender.SendAsync(packet, _rtcpDestination, cancellationToken).ConfigureAwait(false);
}

/// <summary>RTP/AVP/TCP: packets interleaved on the RTSP connection as <c>$ channel length</c> frames.</summary>
internal sealed class TcpInterleavedTransport : SessionTransport
{
    private readonly RtspConnection _connection;
    private readonly byte _rtpChannel;
    private readonly byte _rtcpChannel;

    public TcpInterleavedTransport(RtspConnection connection, byte rtpChannel, byte rtcpChannel)
    {
        _connection = connection;
        _rtpChannel = rtpChannel;
        _rtcpChannel = rtcpChannel;
        ResponseHeader = $"RTP/AVP/TCP;unicast;interleaved={rtpChannel}-{rtcpChannel}";
    }

    public override int PacketPrefixBytes => RtpPacketList.InterleavedPrefixBytes;

    public override RtspClientTransport Kind => RtspClientTransport.TcpInterleaved;

    public override string ResponseHeader { get; }

    public override bool BoundToConnection => true;

    public override ValueTask SendRtpAsync(RtpPacketList packets, CancellationToken cancellationToken) =>
        _rtpChannel == RtpPacketBatch.PrefilledChannel
            ? _connection.WriteDataAsync(packets.GetAllWithPrefixes(), cancellationToken)
            : SendOnOwnChannelAsync(packets, cancellationToken);

    public override int WireBytes(RtpPacketList packets) => packets.TotalBytes;

    // A client that chose another channel gets a copy with its own prefixes: the shared bytes
    // stay as every other session reads them.
    private async ValueTask SendOnOwnChannelAsync(RtpPacketList packets, CancellationToken cancellationToken)
    {
        var copy = ArrayPool<byte>.Shared.Rent(packets.TotalBytes);
        try
        {
            packets.CopyInterleavedTo(copy, _rtpChannel);
            await _connection.WriteDataAsync(copy.AsMemory(0, packets.TotalBytes), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    public override ValueTask SendRtcpAsync(ReadOnlyMemory<byte> packet, CancellationToken cancellationToken) =>
        _connection.WriteInterleavedAsync(_rtcpChannel, packet, cancellationToken);
}

/// <summary>A multicast session: the camera's group carries the packets; the session only keeps the client counted.</summary>
internal sealed class MulticastTransport(MulticastGroup group) : SessionTransport
{
    public MulticastGroup Group { get; } = group;

    public override int PacketPrefixBytes => 0;

    public override RtspClientTransport Kind => RtspClientTransport.Multicast;

    public override string ResponseHeader { get; } =
        $"RTP/AVP;multicast;destination={group.Address};port={group.RtpPort}-{group.RtpPort + 1};ttl={group.Ttl}";

    public override bool BoundToConnection => false;

    public override ValueTask SendRtpAsync(RtpPacketList packets, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public override int WireBytes(RtpPacketList packets) => 0;

    public override ValueTask SendRtcpAsync(ReadOnlyMemory<byte> packet, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
