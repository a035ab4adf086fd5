using Microsoft.Extensions.Logging;

namespace Edge.Web;

/// <summary>The web server's own log lines (source-generated, stable ids).</summary>
internal static partial class WebServerLog
{
    [LoggerMessage(6020, LogLevel.Warning, "HTTP connection from {Client} refused: the maximum number of concurrent connections ({Allowed}: {Pages} for pages and {Viewers} for live viewers) is reached")]
    public static partial void ConnectionRefused(ILogger logger, string client, int allowed, int pages, int viewers);
}
