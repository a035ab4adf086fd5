using Microsoft.Extensions.Logging;

namespace Edge.Mdns;

internal static partial class MdnsLog
{
    [LoggerMessage(9300, LogLevel.Information, "mDNS: announced {Services} through {Version}; this box is {Host}")]
    public static partial void Announced(ILogger logger, string services, string version, string host);

    [LoggerMessage(9301, LogLevel.Information, "mDNS: not announced: {Reason} (edge streams on, and tries again in {DelaySeconds:0} s)")]
    public static partial void NotAnnounced(ILogger logger, string reason, double delaySeconds);

    [LoggerMessage(9302, LogLevel.Debug, "mDNS: not announced: {Reason} again; trying again in {DelaySeconds:0} s")]
    public static partial void NotAnnouncedAgain(ILogger logger, string reason, double delaySeconds);

    [LoggerMessage(9303, LogLevel.Information, "mDNS: not announced: avahi-daemon is not running (nothing owns org.freedesktop.Avahi on the system bus); install or start avahi-daemon to be found as {Host}.local, and edge announces itself as soon as it runs")]
    public static partial void AvahiNotRunning(ILogger logger, string host);

    [LoggerMessage(9304, LogLevel.Information, "mDNS: avahi-daemon left the system bus; edge announces itself again when it is back")]
    public static partial void AvahiLeft(ILogger logger);

    [LoggerMessage(9305, LogLevel.Warning, "mDNS: the name \"{Name}\" is taken (by another program here or another host); announcing as \"{Alternative}\"")]
    public static partial void Renamed(ILogger logger, string name, string alternative);

    [LoggerMessage(9306, LogLevel.Warning, "mDNS: avahi-daemon could not announce {Services}: {Error}; edge tries again after a reload or when avahi-daemon restarts")]
    public static partial void Failed(ILogger logger, string services, string error);

    [LoggerMessage(9307, LogLevel.Information, "mDNS off ({Reason})")]
    public static partial void Off(ILogger logger, string reason);

    [LoggerMessage(9308, LogLevel.Information, "mDNS: not announcing {What}")]
    public static partial void NotAnnouncing(ILogger logger, string what);

    [LoggerMessage(9309, LogLevel.Debug, "mDNS: avahi-daemon is {State}; announcing once it runs")]
    public static partial void WaitingForServer(ILogger logger, string state);

    [LoggerMessage(9310, LogLevel.Debug, "mDNS: announcements withdrawn")]
    public static partial void Withdrawn(ILogger logger);

    [LoggerMessage(9311, LogLevel.Error, "mDNS stopped after an unexpected error; edge streams on without announcing itself")]
    public static partial void Crashed(ILogger logger, Exception exception);
}
