using System.Net;
using System.Net.Sockets;
using Edge.Rtsp.Server;

namespace Edge.Rtsp.Tests.Server;

/// <summary>
/// Many sessions send through the server's one RTP socket at once. Overlapping asynchronous
/// sends on one socket failed now and then (a few per 100,000 with ten senders), which froze a
/// UDP client's picture; this is the load that showed it.
/// </summary>
public sealed class SharedUdpSenderTests
{
    [Fact]
    public async Task TenConcurrentSenders_OnOneSocket_AllSucceed()
    {
        using var receiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var destination = receiver.LocalEndPoint!.Serialize();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var sender = new SharedUdpSender(socket);
        var datagram = new byte[1400];
        var received = 0;
        using var stopReceiving = new CancellationTokenSource();
        var receiving = Task.Run(async () =>
        {
            var buffer = new byte[2048];
            try
            {
                while (true)
                {
                    await receiver.ReceiveAsync(buffer, SocketFlags.None, stopReceiving.Token);
                    Interlocked.Increment(ref received);
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        const int Senders = 10, EachSends = 20_000;
        var senders = Enumerable.Range(0, Senders).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < EachSends; i++)
                await sender.SendAsync(datagram, destination, CancellationToken.None);
        })).ToArray();

        await Task.WhenAll(senders).WaitAsync(TimeSpan.FromMinutes(2));
        await Task.Delay(200);
        await stopReceiving.CancelAsync();
        await receiving;
        // Loopback may drop datagrams when the receiver falls behind; it must have seen traffic.
        Assert.InRange(Volatile.Read(ref received), 1, Senders * EachSends);
    }
}
