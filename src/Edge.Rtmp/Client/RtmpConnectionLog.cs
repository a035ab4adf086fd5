using Microsoft.Extensions.Logging;

namespace Edge.Rtmp.Client;

/// <summary>Log lines of one RTMP connection: setup and teardown at debug level, nothing per frame or per message.</summary>
internal static partial class RtmpConnectionLog
{
    [LoggerMessage(4100, LogLevel.Debug, "RTMP {Url}: connected{Tls}, handshake done")]
    public static partial void Connected(ILogger logger, string url, string tls);

    [LoggerMessage(4101, LogLevel.Debug, "RTMP {Url}: server says {Command}")]
    public static partial void ServerCommand(ILogger logger, string url, string command);

    [LoggerMessage(4102, LogLevel.Debug, "RTMP {Url}: server window {Window} bytes, peer bandwidth {Bandwidth} bytes ({Limit}), chunk size {ChunkSize}")]
    public static partial void ServerSettings(ILogger logger, string url, uint window, uint bandwidth, string limit, int chunkSize);

    [LoggerMessage(4103, LogLevel.Debug, "RTMP {Url}: connection ended: {Reason}")]
    public static partial void Ended(ILogger logger, string url, string reason);

    [LoggerMessage(4104, LogLevel.Debug, "RTMP {Url}: published as message stream {StreamId} in {Milliseconds} ms")]
    public static partial void Published(ILogger logger, string url, uint streamId, long milliseconds);

    [LoggerMessage(4105, LogLevel.Warning, "RTMP {Url}: the parameter sets of a keyframe cannot be used ({Reason}); keeping the previous sequence header")]
    public static partial void BadParameterSets(ILogger logger, string url, string reason);
}
