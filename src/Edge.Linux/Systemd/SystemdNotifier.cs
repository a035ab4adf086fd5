using System.Net.Sockets;
using System.Text;

namespace Edge.Linux.Systemd;

/// <summary>
/// Speaks systemd's notify protocol (sd_notify(3)): newline-separated <c>KEY=VALUE</c>
/// assignments sent as one datagram to the unix socket named by <c>$NOTIFY_SOCKET</c>.
/// </summary>
/// <remarks>
/// Written here because Microsoft.Extensions.Hosting.Systemd is not available to us, and the
/// protocol is small: a path (or an abstract name starting with '@'), a datagram socket, and
/// no reply. Sending never throws: a daemon must not die because its supervisor went away,
/// so failures are reported through the return value.
/// </remarks>
public sealed class SystemdNotifier : IDisposable
{
    private readonly Socket? _socket;
    private readonly UnixDomainSocketEndPoint? _endPoint;
    private readonly Lock _sendLock = new();

    private SystemdNotifier(string? socketName)
    {
        SocketName = socketName;
        if (string.IsNullOrEmpty(socketName))
            return;

        // sd_notify(3): a leading '@' names a socket in the abstract namespace, which .NET
        // spells with a leading NUL.
        var path = socketName[0] == '@' ? "\0" + socketName[1..] : socketName;
        _endPoint = new UnixDomainSocketEndPoint(path);
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    }

    /// <summary>The notify socket this instance sends to, or null when not started by systemd.</summary>
    public string? SocketName { get; }

    /// <summary>True when <c>$NOTIFY_SOCKET</c> was set, i.e. systemd is listening.</summary>
    public bool IsEnabled => _socket is not null;

    /// <summary>
    /// Creates a notifier from the environment. Like <c>sd_notify(unset_environment=0)</c> it
    /// leaves the variable in place; children we start must not inherit it, which is why the
    /// process launcher clears it for them.
    /// </summary>
    public static SystemdNotifier FromEnvironment() =>
        new(Environment.GetEnvironmentVariable("NOTIFY_SOCKET"));

    /// <summary>Creates a notifier for an explicit socket (tests, or a null to disable).</summary>
    public static SystemdNotifier ForSocket(string? socketName) => new(socketName);

    /// <summary>
    /// The watchdog interval systemd expects pings within, from <c>$WATCHDOG_USEC</c>, when
    /// <c>$WATCHDOG_PID</c> is unset or names this process; otherwise null.
    /// </summary>
    public static TimeSpan? WatchdogInterval()
    {
        var usecText = Environment.GetEnvironmentVariable("WATCHDOG_USEC");
        if (!ulong.TryParse(usecText, out var usec) || usec == 0)
            return null;
        var pidText = Environment.GetEnvironmentVariable("WATCHDOG_PID");
        if (!string.IsNullOrEmpty(pidText) &&
            (!int.TryParse(pidText, out var pid) || pid != Environment.ProcessId))
            return null;
        return TimeSpan.FromMicroseconds(usec);
    }

    /// <summary>Tells systemd that start-up finished (<c>READY=1</c>) with a first status line.</summary>
    public bool NotifyReady(string status) => Send($"READY=1\nSTATUS={OneLine(status)}");

    /// <summary>Updates the one-line status shown by <c>systemctl status</c>.</summary>
    public bool NotifyStatus(string status) => Send($"STATUS={OneLine(status)}");

    /// <summary>Pets the watchdog (<c>WATCHDOG=1</c>).</summary>
    public bool NotifyWatchdog() => Send("WATCHDOG=1");

    /// <summary>Tells systemd the service is shutting down (<c>STOPPING=1</c>).</summary>
    public bool NotifyStopping(string status) => Send($"STOPPING=1\nSTATUS={OneLine(status)}");

    /// <summary>Sends raw assignments; returns false when not under systemd or the send failed.</summary>
    public bool Send(string assignments)
    {
        if (_socket is null || _endPoint is null)
            return false;
        var bytes = Encoding.UTF8.GetBytes(assignments);
        lock (_sendLock)
        {
            try
            {
                return _socket.SendTo(bytes, SocketFlags.None, _endPoint) == bytes.Length;
            }
            catch (SocketException)
            {
                return false;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _socket?.Dispose();

    // A newline would start a new assignment; STATUS= is one line by definition.
    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
