using Microsoft.Extensions.Logging;

namespace Edge.Status;

/// <summary>HTTP server log lines of edge's own (source-generated, stable ids; never one per request at info level). Kestrel logs the rest under its own categories.</summary>
internal static partial class HttpLog
{
    [LoggerMessage(6000, LogLevel.Information, "HTTP status page listening on http://{Endpoint}/ (also /api/status, /healthz and /metrics)")]
    public static partial void Listening(ILogger logger, string endpoint);

    [LoggerMessage(6001, LogLevel.Error, "HTTP status page: cannot listen on {Endpoint} ({Error}): {Hint}. Change [http] listen in {ConfigFile}, or set [http] enabled = false. Video is not affected; trying again in {DelaySeconds} s, then less often, up to every {MaxDelaySeconds} s")]
    public static partial void CannotListen(ILogger logger, string endpoint, string error, string hint, string configFile, int delaySeconds, int maxDelaySeconds);

    [LoggerMessage(6002, LogLevel.Debug, "HTTP status page: still cannot listen on {Endpoint} ({Error}); next try in {DelaySeconds} s")]
    public static partial void StillCannotListen(ILogger logger, string endpoint, string error, int delaySeconds);

    [LoggerMessage(6003, LogLevel.Information, "HTTP status page listening on http://{Endpoint}/ after {Attempts} attempts")]
    public static partial void ListeningAfterRetries(ILogger logger, string endpoint, int attempts);

    [LoggerMessage(6009, LogLevel.Information, "HTTP status page disabled ([http] enabled = false)")]
    public static partial void Disabled(ILogger logger);

    [LoggerMessage(6010, LogLevel.Error, "HTTP status page stopped retrying on an unexpected error; video is not affected")]
    public static partial void RetryFailed(ILogger logger, Exception exception);
}
