using Microsoft.Extensions.Logging;

namespace Edge.Status;

/// <summary>HTTP server log lines of edge's own (source-generated, stable ids; never one per request at info level). Kestrel logs the rest under its own categories.</summary>
internal static partial class HttpLog
{
    [LoggerMessage(6000, LogLevel.Information, "HTTP status page listening on {Scheme}://{Endpoint}/ (also /api/status, /healthz and /metrics)")]
    public static partial void Listening(ILogger logger, string scheme, string endpoint);

    [LoggerMessage(6001, LogLevel.Error, "HTTP status page: cannot listen on {Endpoint} ({Error}): {Hint}. Change [http] listen in {ConfigFile}, or set [http] enabled = false. Video is not affected; trying again in {DelaySeconds} s, then less often, up to every {MaxDelaySeconds} s")]
    public static partial void CannotListen(ILogger logger, string endpoint, string error, string hint, string configFile, int delaySeconds, int maxDelaySeconds);

    [LoggerMessage(6002, LogLevel.Debug, "HTTP status page: still cannot listen on {Endpoint} ({Error}); next try in {DelaySeconds} s")]
    public static partial void StillCannotListen(ILogger logger, string endpoint, string error, int delaySeconds);

    [LoggerMessage(6003, LogLevel.Information, "HTTP status page listening on {Scheme}://{Endpoint}/ after {Attempts} attempts")]
    public static partial void ListeningAfterRetries(ILogger logger, string scheme, string endpoint, int attempts);

    [LoggerMessage(6009, LogLevel.Information, "HTTP status page disabled ([http] enabled = false)")]
    public static partial void Disabled(ILogger logger);

    [LoggerMessage(6010, LogLevel.Error, "HTTP status page stopped retrying on an unexpected error; video is not affected")]
    public static partial void RetryFailed(ILogger logger, Exception exception);

    [LoggerMessage(6011, LogLevel.Warning, "HTTP client {Client}: login failed: {Reason} (user \"{User}\"; logged at most once a minute per address)")]
    public static partial void LoginFailed(ILogger logger, string client, string reason, string user);

    [LoggerMessage(6012, LogLevel.Warning, "HTTP status page on {Endpoint} is open to the network without a login ([http] auth = \"none\"): anyone who can reach this box sees the cameras. Remove auth = \"none\" in {ConfigFile} to ask for a user, or listen on 127.0.0.1")]
    public static partial void OpenWithoutLogin(ILogger logger, string endpoint, string configFile);

    [LoggerMessage(6013, LogLevel.Information, "HTTP status page asks for a login ({Schemes}); users: {Users} (from {Source}); /healthz stays open and says only ok or not ok")]
    public static partial void LoginRequired(ILogger logger, string schemes, string users, string source);

    [LoggerMessage(6014, LogLevel.Error, "HTTP status page not started: the TLS certificate {Certificate} or its key {Key} cannot be loaded now ({Reason}); fix the files (edge check-config says what is wrong) and restart edge. Video is not affected")]
    public static partial void TlsUnusable(ILogger logger, string certificate, string key, string reason);
}
