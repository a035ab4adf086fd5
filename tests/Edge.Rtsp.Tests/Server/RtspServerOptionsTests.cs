using System.Net;
using Edge.Auth;
using Edge.Rtsp.Protocol.Auth;
using Edge.Rtsp.Server;

namespace Edge.Rtsp.Tests.Server;

public sealed class RtspServerOptionsTests
{
    [Fact]
    public void TheDefaults_AreValid()
    {
        var options = new RtspServerOptions();

        options.Validate();
        Assert.Equal(new IPEndPoint(IPAddress.Any, 8554), options.Listen);
        Assert.Equal(RtpTransports.Udp | RtpTransports.Tcp | RtpTransports.Multicast, options.Transports);
    }

    public static TheoryData<RtspServerOptions, string> Unusable => new()
    {
        { new RtspServerOptions { MaxClients = 0 }, nameof(RtspServerOptions.MaxClients) },
        { new RtspServerOptions { SessionTimeout = TimeSpan.Zero }, nameof(RtspServerOptions.SessionTimeout) },
        { new RtspServerOptions { RtpPayloadSize = 50 }, nameof(RtspServerOptions.RtpPayloadSize) },
        { new RtspServerOptions { UdpRtpPort = 65535 }, nameof(RtspServerOptions.UdpRtpPort) },
        { new RtspServerOptions { MulticastTtl = 0 }, nameof(RtspServerOptions.MulticastTtl) },
        { new RtspServerOptions { MulticastAddress = IPAddress.Parse("192.168.1.1") }, nameof(RtspServerOptions.MulticastAddress) },
        { new RtspServerOptions { AuthScheme = RtspAuthScheme.Digest }, nameof(RtspServerOptions.Users) },
    };

    [Theory]
    [MemberData(nameof(Unusable))]
    public void AnUnusableValue_IsRefused_ByItsName(RtspServerOptions options, string property)
    {
        var e = Assert.ThrowsAny<ArgumentException>(options.Validate);

        Assert.Equal(property, e.ParamName);
    }

    [Fact]
    public void WithoutAMulticastAddress_TheOptionsAreValid()
    {
        new RtspServerOptions { MulticastAddress = null }.Validate();
    }

    [Fact]
    public void Passwords_NeverShowInText()
    {
        var options = new RtspServerOptions { AuthScheme = RtspAuthScheme.Basic, Users = [new UserCredential("viewer", "hunter2-secret")] };

        Assert.DoesNotContain("hunter2-secret", options.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", options.Users[0].ToString(), StringComparison.Ordinal);
        Assert.Contains("viewer", options.ToString(), StringComparison.Ordinal);
    }
}
