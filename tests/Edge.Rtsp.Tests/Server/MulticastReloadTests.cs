using System.Net;
using System.Net.Sockets;
using Edge.Media.Streaming;
using Edge.Rtsp.Server;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Rtsp.Tests.Server;

/// <summary>
/// A camera removed by a reload and added again under the same path: its multicast clients are
/// served from the new camera's hub, and what the old one left behind is released. Real sockets:
/// RTSP over loopback, the group received on a socket that joined it, as the end-to-end
/// multicast tests receive it.
/// </summary>
public sealed class MulticastReloadTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private const byte FirstHubFill = 0x11;
    private const byte SecondHubFill = 0x22;

    [Fact]
    public async Task A_camera_added_again_is_multicast_from_its_new_hub_and_the_old_group_is_released()
    {
        // A group of its own per run, so parallel runs on one network do not hear each other.
        var group = new IPAddress([239, 255, (byte)Random.Shared.Next(100, 200), (byte)Random.Shared.Next(1, 255)]);
        var port = FreeUdpPorts.Pair();
        var catalog = new ReplaceableStream(new StreamHub("cam"));
        await using var server = new RtspServer(
            new RtspServerOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0), UdpRtpPort = FreeUdpPorts.Pair(), MulticastAddress = group, MulticastPort = port, Transports = RtpTransports.Multicast },
            catalog, health: null, TimeProvider.System, NullLogger.Instance);
        server.Start();
        using var receiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        receiver.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        receiver.Bind(new IPEndPoint(IPAddress.Any, port));
        receiver.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(group, IPAddress.Any));

        var firstHub = catalog.Hub;
        using var stopFirst = new CancellationTokenSource();
        var firstPublisher = KeyframePublisher.RunAsync(firstHub, FirstHubFill, stopFirst.Token);
        using var first = new RtspTestClient(server.LocalEndPoint!, "cam");
        Assert.Contains($"destination={group}", await first.SetupAsync("RTP/AVP;multicast"), StringComparison.Ordinal);
        await first.PlayAsync();
        await ReceiveFromAsync(receiver, FirstHubFill);
        var firstGroup = server.GetMulticastGroup(firstHub, 0);
        Assert.NotNull(firstGroup);

        // The reload removes the camera (its hub ends), and the next one adds it back with a new hub.
        await stopFirst.CancelAsync();
        await firstPublisher;
        firstHub.Dispose();
        using var secondHub = new StreamHub("cam");
        catalog.Hub = secondHub;

        // The old group's session ends and the group is released, as a unicast session's would.
        await Until(() => firstGroup.IsDisposed && server.PlayingSessions().Count == 0, "the removed camera's group and session released");

        using var stopSecond = new CancellationTokenSource();
        var secondPublisher = KeyframePublisher.RunAsync(secondHub, SecondHubFill, stopSecond.Token);
        try
        {
            using var second = new RtspTestClient(server.LocalEndPoint!, "cam");
            Assert.Contains($"destination={group}", await second.SetupAsync("RTP/AVP;multicast"), StringComparison.Ordinal);
            await second.PlayAsync();
            await ReceiveFromAsync(receiver, SecondHubFill);
            Assert.NotSame(firstGroup, server.GetMulticastGroup(secondHub, 0));
            Assert.Single(server.PlayingSessions());
        }
        finally
        {
            await stopSecond.CancelAsync();
            await secondPublisher;
        }
    }

    /// <summary>Reads the group until an RTP packet carries the bytes of the publisher that fills with <paramref name="fill"/>.</summary>
    private static async Task ReceiveFromAsync(Socket receiver, byte fill)
    {
        using var timeout = new CancellationTokenSource(Wait);
        var buffer = new byte[2048];
        var other = 0;
        while (true)
        {
            int length;
            try
            {
                length = await receiver.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"no packet of the publisher filling with 0x{fill:x2} reached the group within {Wait.TotalSeconds:0} s ({other} other packets)");
                return;
            }
            // Past the 12-byte RTP header and the FU indicator and header: the slice bytes.
            if (length > 20 && buffer[length - 1] == fill && buffer[16] == fill)
                return;
            other++;
        }
    }

    private static async Task Until(Func<bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(Wait);
        while (!condition())
        {
            Assert.False(timeout.IsCancellationRequested, $"timed out waiting until {what}");
            await Task.Delay(20);
        }
    }

    /// <summary>One path whose hub a test replaces, as a reload that removes a camera and adds it back does.</summary>
    private sealed class ReplaceableStream(StreamHub hub) : IRtspStreamCatalog
    {
        private StreamHub _hub = hub;

        public StreamHub Hub
        {
            get => Volatile.Read(ref _hub);
            set => Volatile.Write(ref _hub, value);
        }

        public bool TryGetStream(string name, out StreamHub stream, out int index)
        {
            stream = Hub;
            index = 0;
            return name == stream.Name;
        }
    }
}
