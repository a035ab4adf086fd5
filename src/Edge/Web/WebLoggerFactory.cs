using Edge.Media.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Web;

/// <summary>
/// The web server's loggers: every line goes through edge's own logging (journal or console,
/// edge's level, and its filter that keeps the framework's information lines out), except that
/// Kestrel's per-connection warnings (a connection refused over the cap) pass at most once a
/// minute for each kind, so a flood of connections cannot flood the journal; and the web host's
/// own lifecycle lines are dropped, because edge reports that lifecycle itself (a failed start is
/// one "cannot listen" line saying what to do, not a stack trace per retry).
/// </summary>
internal sealed class WebLoggerFactory : ILoggerFactory
{
    /// <summary>Kestrel's category for connection events (accepted, rejected, closed).</summary>
    public const string KestrelConnectionsCategory = "Microsoft.AspNetCore.Server.Kestrel.Connections";

    /// <summary>The generic host's categories (starting, started, failed to start, stopping).</summary>
    public const string HostCategoryPrefix = "Microsoft.Extensions.Hosting";

    private static readonly TimeSpan RepeatInterval = TimeSpan.FromMinutes(1);

    private readonly ILoggerFactory _edge;
    private readonly LogThrottle _throttle;

    public WebLoggerFactory(ILoggerFactory edge, TimeProvider time)
    {
        _edge = edge;
        _throttle = new LogThrottle(RepeatInterval, time, maxKeys: 64);
    }

    public ILogger CreateLogger(string categoryName)
    {
        ArgumentNullException.ThrowIfNull(categoryName);
        if (categoryName.StartsWith(HostCategoryPrefix, StringComparison.Ordinal))
            return NullLogger.Instance;
        var logger = _edge.CreateLogger(categoryName);
        return categoryName == KestrelConnectionsCategory ? new ThrottledLogger(logger, _throttle) : logger;
    }

    /// <summary>Ignored: where lines go is decided once, by edge's logging setup.</summary>
    public void AddProvider(ILoggerProvider provider)
    {
    }

    /// <summary>Nothing to release: edge's own factory belongs to edge's host.</summary>
    public void Dispose()
    {
    }

    /// <summary>Lets warnings and worse through once per event id per interval; everything else as it comes.</summary>
    private sealed class ThrottledLogger(ILogger inner, LogThrottle throttle) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel < LogLevel.Warning)
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
                return;
            }
            if (throttle.ShouldLog(eventId.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                inner.Log(logLevel, eventId, state, exception, (s, e) => formatter(s, e) + " (logged at most once a minute)");
        }
    }
}
