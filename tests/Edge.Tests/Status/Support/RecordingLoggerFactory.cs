using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Edge.Tests.Status.Support;

/// <summary>Keeps every log line with its level, for tests that check what a person would read.</summary>
internal sealed class RecordingLoggerFactory : ILoggerFactory
{
    private readonly ConcurrentQueue<(LogLevel Level, string Text)> _lines = new();

    public IReadOnlyList<(LogLevel Level, string Text)> Lines => [.. _lines];

    public string Text => string.Join('\n', _lines.Select(l => $"{l.Level}: {l.Text}"));

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(RecordingLoggerFactory owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._lines.Enqueue((logLevel, formatter(state, exception) + (exception is null ? "" : " | " + exception.Message)));
    }
}
