using System.Net.Sockets;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace Edge.Hosting;

/// <summary>
/// What edge tells systemd (sd_notify(3)): <c>READY=1</c>, <c>STATUS=</c>, <c>WATCHDOG=1</c> and
/// <c>STOPPING=1</c>, sent through Microsoft.Extensions.Hosting.Systemd's
/// <see cref="ISystemdNotifier"/>, which owns the socket protocol.
/// </summary>
/// <remarks>
/// The library's notifier throws when nobody listens on the socket any more. A daemon must not
/// die because its supervisor went away, so a failed send is logged once and reported through the
/// return value.
/// </remarks>
internal sealed partial class SystemdNotifications
{
    private readonly ISystemdNotifier _notifier;
    private readonly ILogger _logger;
    private int _failureLogged;

    public SystemdNotifications(ISystemdNotifier notifier, ILogger<SystemdNotifications> logger)
    {
        _notifier = notifier;
        _logger = logger;
    }

    /// <summary>True when <c>$NOTIFY_SOCKET</c> was set: a service manager is listening.</summary>
    public bool IsEnabled => _notifier.IsEnabled;

    /// <summary>Start-up finished; the first status goes in the same datagram, so <c>systemctl status</c> shows it at once.</summary>
    public bool Ready(string status) => Send($"READY=1\nSTATUS={OneLine(status)}");

    /// <summary>The one-line status shown by <c>systemctl status</c>.</summary>
    public bool Status(string status) => Send($"STATUS={OneLine(status)}");

    /// <summary>Pets the watchdog.</summary>
    public bool Watchdog() => Send("WATCHDOG=1");

    /// <summary>
    /// A reload has begun (<c>systemctl reload</c>). systemd 253 and later hold the reload job
    /// until the next <c>READY=1</c> and need the monotonic time to tell this reload from an
    /// older one; older versions ignore both.
    /// </summary>
    public bool Reloading(string status) =>
        Send($"RELOADING=1\nMONOTONIC_USEC={MonotonicMicroseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)}\nSTATUS={OneLine(status)}");

    /// <summary>The service is shutting down.</summary>
    public bool Stopping(string status) => Send($"STOPPING=1\nSTATUS={OneLine(status)}");

    private bool Send(string assignments)
    {
        if (!_notifier.IsEnabled)
            return false;
        try
        {
            _notifier.Notify(new ServiceState(assignments));
            return true;
        }
        catch (SocketException e)
        {
            if (Interlocked.Exchange(ref _failureLogged, 1) == 0)
                LogSendFailed(_logger, Environment.GetEnvironmentVariable("NOTIFY_SOCKET"), e.Message);
            return false;
        }
    }

    // Stopwatch reads CLOCK_MONOTONIC on Linux, the clock sd_notify(3) asks for; 128-bit so a long uptime cannot overflow.
    private static long MonotonicMicroseconds() =>
        (long)((Int128)System.Diagnostics.Stopwatch.GetTimestamp() * 1_000_000 / System.Diagnostics.Stopwatch.Frequency);

    // A newline would start a new assignment; STATUS= is one line by definition.
    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    [LoggerMessage(EventId = 15, Level = LogLevel.Warning, Message = "cannot notify the service manager at NOTIFY_SOCKET={Socket}: {Error}; edge keeps running without telling it its state (started by hand with a NOTIFY_SOCKET left in the environment? unset it)")]
    private static partial void LogSendFailed(ILogger logger, string? socket, string error);
}
