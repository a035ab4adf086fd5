using System.Net;
using System.Net.Sockets;
using Edge.Auth;
using Edge.Config;
using Edge.Rtsp;
using Edge.Rtsp.Protocol.Auth;
using Edge.Rtsp.Server;

namespace Edge.Tests.Rtsp;

public sealed class RtspConfigMappingTests
{
    [Fact]
    public void EverySetting_ReachesTheServersOptions()
    {
        var config = new RtspConfig
        {
            Listen = new ListenEndpoint("127.0.0.1", 9554),
            Transports = RtspTransports.Tcp | RtspTransports.Multicast,
            Auth = RtspAuthMode.Digest,
            Users = [new UserConfig("viewer", "change-me")],
            Realm = "garage",
            MaxClients = 7,
            SessionTimeout = TimeSpan.FromSeconds(20),
            RtpPayloadSize = 1200,
            UdpRtpPort = 9000,
            MulticastAddress = "239.1.2.3",
            MulticastPort = 9002,
            MulticastTtl = 4,
        };

        var options = RtspConfigMapping.ToOptions(config, "edge-cam");

        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 9554), options.Listen);
        Assert.Equal("edge-cam", options.DeviceName);
        Assert.Equal(RtpTransports.Tcp | RtpTransports.Multicast, options.Transports);
        Assert.Equal(RtspAuthScheme.Digest, options.AuthScheme);
        Assert.Equal([new UserCredential("viewer", "change-me")], options.Users);
        Assert.Equal(("garage", 7, TimeSpan.FromSeconds(20), 1200, 9000), (options.Realm, options.MaxClients, options.SessionTimeout, options.RtpPayloadSize, options.UdpRtpPort));
        Assert.Equal((IPAddress.Parse("239.1.2.3"), 9002, 4), (options.MulticastAddress, options.MulticastPort, options.MulticastTtl));
        options.Validate();
    }

    [Fact]
    public void TheDefaultConfig_MapsToOptionsTheServerAccepts()
    {
        var options = RtspConfigMapping.ToOptions(new RtspConfig(), "edge");

        options.Validate();
        Assert.Equal(new IPEndPoint(IPAddress.Any, 8554), options.Listen);
        Assert.Equal(RtpTransports.Udp | RtpTransports.Tcp | RtpTransports.Multicast, options.Transports);
    }

    [Fact]
    public void ThePasswords_NeverShowInTheOptionsText()
    {
        var options = RtspConfigMapping.ToOptions(new RtspConfig { Auth = RtspAuthMode.Basic, Users = [new UserConfig("viewer", "hunter2-secret")] }, "edge");

        Assert.DoesNotContain("hunter2-secret", options.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", options.Users[0].ToString(), StringComparison.Ordinal);
        Assert.Contains("viewer", options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ATakenListenPort_IsExplained_WithTheKeyAndTheFile()
    {
        var config = new RtspConfig { Listen = new ListenEndpoint("0.0.0.0", 8554) };
        var error = new RtspBindException(RtspBindTarget.Listener, new IPEndPoint(IPAddress.Any, 8554), new SocketException((int)SocketError.AddressAlreadyInUse));

        var text = RtspConfigMapping.Explain(error, config, "/etc/edge/edge.toml");

        Assert.Equal("cannot listen for RTSP on 0.0.0.0:8554 (AddressAlreadyInUse): another program uses the port; change rtsp.listen in /etc/edge/edge.toml", text);
        Assert.DoesNotContain("rtsp.", error.Message, StringComparison.Ordinal); // the library's own words name no key
    }

    [Fact]
    public void TakenUdpPorts_AreExplained_WithTheirKeys()
    {
        var error = new RtspBindException(RtspBindTarget.UdpPorts, new IPEndPoint(IPAddress.Any, 8001), new SocketException((int)SocketError.AddressAlreadyInUse));

        var text = RtspConfigMapping.Explain(error, new RtspConfig(), configFile: null);

        Assert.Equal("cannot bind UDP port 8001 for RTP/RTCP (AddressAlreadyInUse); another program uses it. Set rtsp.udp_rtp_port to a free even port, or remove \"udp\" from rtsp.transports", text);
    }

    [Fact]
    public async Task AServerWhosePortIsTaken_SaysWhichPort_InItsOwnTerms()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen();
        var port = ((IPEndPoint)taken.LocalEndPoint!).Port;
        var options = RtspConfigMapping.ToOptions(new RtspConfig { Listen = new ListenEndpoint("127.0.0.1", port), Transports = RtspTransports.Tcp }, "edge");
        await using var server = new RtspServer(options, new NoStreams(), health: null, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

        var e = Assert.Throws<RtspBindException>(server.Start);

        Assert.Equal((RtspBindTarget.Listener, port, SocketError.AddressAlreadyInUse), (e.Target, e.EndPoint.Port, e.SocketError));
        Assert.Contains($"cannot listen for RTSP on 127.0.0.1:{port}", e.Message, StringComparison.Ordinal);
    }

    private sealed class NoStreams : IRtspStreamCatalog
    {
        public bool TryGetStream(string name, out Edge.Media.Streaming.StreamHub hub, out int index)
        {
            hub = null!;
            index = -1;
            return false;
        }
    }
}
