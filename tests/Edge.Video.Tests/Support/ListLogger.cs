using Microsoft.Extensions.Logging;

namespace Edge.Video.Tests.Support;

/// <summary>Keeps every formatted log line, for tests that check what was reported.</summary>
internal sealed class ListLogger(LogLevel minimum = LogLevel.Trace) : ILogger
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
                return [.. _lines];
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
            return;
        lock (_lines)
            _lines.Add($"{logLevel}: {formatter(state, exception)}");
    }
}
