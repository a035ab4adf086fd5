using System.Net.Sockets;
using System.Text;
using Edge.Linux.Systemd;

namespace Edge.Linux.Tests.Systemd;

/// <summary>The notify protocol against a real unix datagram socket, as systemd listens on one.</summary>
public sealed class SystemdNotifierTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("edge-notify-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Ready_SendsReadyAndStatusInOneDatagram()
    {
        using var listener = BindListener(Path.Combine(_directory, "notify"), out var name);
        using var notifier = SystemdNotifier.ForSocket(name);

        Assert.True(notifier.NotifyReady("cam: streaming"));

        Assert.Equal("READY=1\nSTATUS=cam: streaming", Receive(listener));
    }

    [Fact]
    public void Status_IsFlattenedToOneLine()
    {
        using var listener = BindListener(Path.Combine(_directory, "notify"), out var name);
        using var notifier = SystemdNotifier.ForSocket(name);

        notifier.NotifyStatus("first\nsecond");

        Assert.Equal("STATUS=first second", Receive(listener));
    }

    [Fact]
    public void WatchdogAndStopping_AreSentAsSystemdExpects()
    {
        using var listener = BindListener(Path.Combine(_directory, "notify"), out var name);
        using var notifier = SystemdNotifier.ForSocket(name);

        notifier.NotifyWatchdog();
        notifier.NotifyStopping("stopping");

        Assert.Equal("WATCHDOG=1", Receive(listener));
        Assert.Equal("STOPPING=1\nSTATUS=stopping", Receive(listener));
    }

    [Fact]
    public void AbstractSocketName_WithAtSign_IsReached()
    {
        var abstractName = $"edge-test-{Environment.ProcessId}-{Guid.NewGuid():N}";
        using var listener = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint("\0" + abstractName));
        using var notifier = SystemdNotifier.ForSocket("@" + abstractName);

        Assert.True(notifier.NotifyWatchdog());

        Assert.Equal("WATCHDOG=1", Receive(listener));
    }

    [Fact]
    public void WithoutSocket_IsDisabledAndSendsNothing()
    {
        using var notifier = SystemdNotifier.ForSocket(null);

        Assert.False(notifier.IsEnabled);
        Assert.False(notifier.NotifyReady("x"));
    }

    [Fact]
    public void WhenSystemdIsGone_SendFailsQuietly()
    {
        using var notifier = SystemdNotifier.ForSocket(Path.Combine(_directory, "nobody-listens"));

        Assert.True(notifier.IsEnabled);
        Assert.False(notifier.NotifyWatchdog());
    }

    private static Socket BindListener(string path, out string name)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        socket.ReceiveTimeout = 5000;
        name = path;
        return socket;
    }

    private static string Receive(Socket listener)
    {
        listener.ReceiveTimeout = 5000;
        var buffer = new byte[4096];
        var length = listener.Receive(buffer);
        return Encoding.UTF8.GetString(buffer, 0, length);
    }
}
