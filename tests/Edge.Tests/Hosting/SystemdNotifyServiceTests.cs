using Edge.Hosting;
using Edge.Media.Health;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace Edge.Tests.Hosting;

/// <summary>
/// The notify service in a real host, its messages arriving on a real unix datagram socket:
/// with a parent that is not systemd (the test runner) and with the library's systemd lifetime,
/// which is what the host runs under systemd.
/// </summary>
public sealed class SystemdNotifyServiceTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>systemd's WatchdogSec= as the service sees it; short, so pings come every 200 ms.</summary>
    private static readonly TimeSpan Watchdog = TimeSpan.FromMilliseconds(400);

    private static IHost BuildHost(NotifySocket socket, HealthModel health, bool systemdLifetime)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(health);
        builder.Services.AddSingleton<ISystemdNotifier>(LibraryNotifier.For(socket.Path));
        builder.Services.AddSingleton<SystemdNotifications>();
        builder.Services.AddSingleton(new SystemdWatchdog(Watchdog));
        // What AddSystemd registers when systemd is the parent process.
        if (systemdLifetime)
            builder.Services.AddSingleton<IHostLifetime, SystemdLifetime>();
        builder.Services.AddHostedService<SystemdNotifyService>();
        return builder.Build();
    }

    [Fact]
    public async Task WithAnyParent_ReadyStatusWatchdogAndStopping_ArriveOnTheNotifySocket()
    {
        using var socket = new NotifySocket();
        var health = new HealthModel(TimeProvider.System);
        using var host = BuildHost(socket, health, systemdLifetime: false);

        await host.StartAsync();
        Assert.Equal(["READY=1\nSTATUS=no cameras; 0 RTSP clients"], await socket.WaitForAsync("READY=1", Timeout));

        health.SetCamera("front", CameraState.Streaming, "");
        var untilStatus = await socket.WaitForAsync("STATUS=front: streaming; 0 RTSP clients", Timeout);
        Assert.All(untilStatus, m => Assert.DoesNotContain("READY=1", m, StringComparison.Ordinal));

        // Pings keep coming while the camera makes progress.
        for (var ping = 0; ping < 2; ping++)
        {
            health.ReportProgress("front");
            await socket.WaitForAsync("WATCHDOG=1", Timeout);
        }

        await host.StopAsync();
        var untilStopping = await socket.WaitForAsync("STOPPING=1", Timeout);
        Assert.Equal("STOPPING=1\nSTATUS=stopping", untilStopping[^1]);
    }

    [Fact]
    public async Task UnderTheSystemdLifetime_ReadyAndStoppingAreSentOnce_WithTheStatusBeside()
    {
        using var socket = new NotifySocket();
        var health = new HealthModel(TimeProvider.System);
        using var host = BuildHost(socket, health, systemdLifetime: true);

        await host.StartAsync();
        // The service's first ping comes after its first status.
        var received = new List<string>();
        await socket.WaitForAsync("WATCHDOG=1", Timeout, received);
        await host.StopAsync();
        // Everything is sent by now: the lifetime and the service send from the host's started
        // and stopping callbacks, which have run once StartAsync and StopAsync return.
        received.AddRange(socket.ReceivePending());

        var lines = received.SelectMany(m => m.Split('\n')).ToList();
        Assert.Single(lines, l => l == "READY=1");
        Assert.Single(lines, l => l == "STOPPING=1");
        Assert.Contains("STATUS=no cameras; 0 RTSP clients", lines);
        Assert.Contains("STATUS=stopping", lines);
    }
}
