using Microsoft.Extensions.Logging;

namespace Edge.Rtsp.Server;

/// <summary>RTSP server log lines (source-generated, stable ids, never per packet or per frame).</summary>
internal static partial class RtspLog
{
    [LoggerMessage(3000, LogLevel.Information, "RTSP server listening on {Endpoint} (transports: {Transports})")]
    public static partial void Listening(ILogger logger, string endpoint, string transports);

    [LoggerMessage(3001, LogLevel.Information, "RTSP client {Client} playing {Stream} over {Transport} (session {Session})")]
    public static partial void Playing(ILogger logger, string client, string stream, string transport, string session);

    [LoggerMessage(3002, LogLevel.Information, "RTSP session {Session} on {Stream} ended: {Reason}")]
    public static partial void SessionEnded(ILogger logger, string session, string stream, string reason);

    [LoggerMessage(3003, LogLevel.Warning, "RTSP client {Client}: {Reason} (user \"{User}\")")]
    public static partial void AuthFailed(ILogger logger, string client, string reason, string user);

    [LoggerMessage(3004, LogLevel.Debug, "RTSP client {Client}: bad request: {Reason}")]
    public static partial void BadRequest(ILogger logger, string client, string reason);

    [LoggerMessage(3005, LogLevel.Warning, "RTSP session {Session} on {Stream}: the client stopped reading for {Timeout}; dropping it")]
    public static partial void ClientStoppedReading(ILogger logger, string session, string stream, TimeSpan timeout);

    [LoggerMessage(3006, LogLevel.Debug, "RTSP session {Session} on {Stream}: send failed: {Reason}")]
    public static partial void SendFailed(ILogger logger, string session, string stream, string reason);

    [LoggerMessage(3007, LogLevel.Warning, "RTSP: refused {Client}: already serving the maximum of {Max} connections (the server's client limit; logged at most once a minute)")]
    public static partial void TooManyClients(ILogger logger, string client, int max);

    [LoggerMessage(3008, LogLevel.Warning, "RTSP multicast for {Stream} to {Group} stopped: {Reason}")]
    public static partial void MulticastFailed(ILogger logger, string stream, string group, string reason);

    [LoggerMessage(3009, LogLevel.Error, "RTSP connection from {Client} failed")]
    public static partial void ConnectionFailed(ILogger logger, string client, Exception exception);

    [LoggerMessage(3010, LogLevel.Warning, "RTSP: stream {Stream} has no video yet (camera not streaming); answered 503 to {Client} (logged at most once a minute per stream)")]
    public static partial void StreamNotReady(ILogger logger, string stream, string client);

    [LoggerMessage(3012, LogLevel.Warning, "RTSP: refused a SETUP from {Client}: already holding {Limit} (logged at most once a minute)")]
    public static partial void TooManySessions(ILogger logger, string client, string limit);

    [LoggerMessage(3011, LogLevel.Error, "RTSP session {Session} on {Stream}: playback failed; ending the session")]
    public static partial void PlaybackFailed(ILogger logger, string session, string stream, Exception exception);

    [LoggerMessage(3020, LogLevel.Debug, "RTSP multicast for {Stream} to {Group} released: the stream ended")]
    public static partial void MulticastReleased(ILogger logger, string stream, string group);
}
