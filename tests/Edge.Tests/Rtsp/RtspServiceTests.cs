using Edge.Config;
using Edge.Media.Health;
using Edge.Rtsp;
using Edge.Tests.Status;
using Edge.Tests.Status.Support;
using Microsoft.Extensions.Logging;

namespace Edge.Tests.Rtsp;

/// <summary>What the RTSP service says at start about who may watch.</summary>
public sealed class RtspServiceTests
{
    /// <summary>
    /// Starts and stops the service with <paramref name="rtsp"/>; the lines it logged. 192.0.2.1
    /// (TEST-NET-1) is on no interface: the bind fails, so nothing listens beyond loopback, but the
    /// start still says what it would have served.
    /// </summary>
    private static async Task<RecordingLoggerFactory> StartAndStopAsync(RtspConfig rtsp)
    {
        var config = StatusTestData.Config() with { Rtsp = rtsp };
        var log = new RecordingLoggerFactory();
        var cameras = new Edge.Cameras.CameraRegistry(config, TimeProvider.System, log);
        await using var service = new RtspService(config, cameras, new HealthModel(TimeProvider.System), TimeProvider.System, log);
        await service.StartAsync(CancellationToken.None);
        await service.StopAsync(CancellationToken.None);
        return log;
    }

    [Fact]
    public async Task Warns_once_when_open_beyond_loopback_without_a_password()
    {
        var log = await StartAndStopAsync(new RtspConfig { Listen = new ListenEndpoint("192.0.2.1", 18554), UdpRtpPort = 18000, MulticastPort = 18002 });

        var warning = Assert.Single(log.Lines, l => l.Text.Contains("open to the network without a password", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("RTSP on 192.0.2.1:18554", warning.Text, StringComparison.Ordinal);
        Assert.Contains("auth = \"digest\"", warning.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1", RtspAuthMode.None)]
    [InlineData("192.0.2.1", RtspAuthMode.Digest)]
    public async Task Says_nothing_on_loopback_or_with_a_password(string host, RtspAuthMode auth)
    {
        var log = await StartAndStopAsync(new RtspConfig
        {
            Listen = new ListenEndpoint(host, 0),
            Auth = auth,
            Users = [new UserConfig("viewer", "pw")],
            UdpRtpPort = 18100,
            MulticastPort = 18102,
            Transports = RtspTransports.Tcp,
        });

        Assert.DoesNotContain(log.Lines, l => l.Text.Contains("without a password", StringComparison.Ordinal));
    }
}
