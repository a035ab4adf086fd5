using System.Net.Sockets;
using Edge.Hosting;
using Edge.Tests.Status.Support;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Tests.Hosting;

/// <summary>
/// edge's messages through Microsoft.Extensions.Hosting.Systemd's notifier, received on a real
/// unix datagram socket as systemd listens on one.
/// </summary>
public sealed class SystemdNotificationsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private static SystemdNotifications For(SystemdNotifier notifier) => new(notifier, NullLogger<SystemdNotifications>.Instance);

    [Fact]
    public async Task Ready_SendsReadyAndStatusInOneDatagram()
    {
        using var socket = new NotifySocket();
        var notifications = For(LibraryNotifier.For(socket.Path));

        Assert.True(notifications.Ready("cam: streaming"));

        Assert.Equal(["READY=1\nSTATUS=cam: streaming"], await socket.WaitForAsync("READY=1", Timeout));
    }

    [Fact]
    public async Task Status_IsFlattenedToOneLine()
    {
        using var socket = new NotifySocket();
        var notifications = For(LibraryNotifier.For(socket.Path));

        Assert.True(notifications.Status("first\nsecond"));

        Assert.Equal(["STATUS=first second"], await socket.WaitForAsync("STATUS=first second", Timeout));
    }

    [Fact]
    public async Task WatchdogAndStopping_ArriveAsSystemdExpects()
    {
        using var socket = new NotifySocket();
        var notifications = For(LibraryNotifier.For(socket.Path));

        Assert.True(notifications.Watchdog());
        Assert.True(notifications.Stopping("stopping"));

        Assert.Equal(["WATCHDOG=1", "STOPPING=1\nSTATUS=stopping"], await socket.WaitForAsync("STOPPING=1", Timeout));
    }

    [Fact]
    public async Task AbstractSocketName_WithAtSign_IsReached()
    {
        using var socket = NotifySocket.InAbstractNamespace();
        var notifications = For(LibraryNotifier.For(socket.Path));

        Assert.True(notifications.Watchdog());

        Assert.Equal(["WATCHDOG=1"], await socket.WaitForAsync("WATCHDOG=1", Timeout));
    }

    [Fact]
    public void WithoutNotifySocket_IsDisabledAndSendsNothing()
    {
        var notifications = For(LibraryNotifier.For(null));

        Assert.False(notifications.IsEnabled);
        Assert.False(notifications.Ready("x"));
    }

    [Fact]
    public void WhenNobodyListens_SendFailsWithoutThrowing_AndSaysSoOnce()
    {
        var gone = Path.Combine(Path.GetTempPath(), $"edge-notify-gone-{Guid.NewGuid():N}");
        var notifier = LibraryNotifier.For(gone);

        // The library throws here, which is why every message goes through SystemdNotifications.
        Assert.ThrowsAny<SocketException>(() => notifier.Notify(new ServiceState("WATCHDOG=1")));

        using var logs = new RecordingLoggerFactory();
        var notifications = new SystemdNotifications(notifier, logs.CreateLogger<SystemdNotifications>());
        Assert.True(notifications.IsEnabled);
        Assert.False(notifications.Watchdog());
        Assert.False(notifications.Status("still here"));

        var warning = Assert.Single(logs.Lines);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("cannot notify the service manager", warning.Text, StringComparison.Ordinal);
    }
}
