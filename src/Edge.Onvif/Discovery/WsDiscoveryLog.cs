using Microsoft.Extensions.Logging;

namespace Edge.Onvif.Discovery;

internal static partial class WsDiscoveryLog
{
    [LoggerMessage(9100, LogLevel.Information, "ONVIF discovery (WS-Discovery) listening on UDP {Port}, multicast {Group} on {Interfaces}; endpoint {Endpoint}")]
    public static partial void Listening(ILogger logger, int port, string group, string interfaces, string endpoint);

    [LoggerMessage(9101, LogLevel.Warning, "ONVIF discovery: cannot bind UDP port {Port} ({Error}): {Hint}. NVRs will not find this box by themselves; add it by address (http://ADDRESS:PORT/onvif/device_service). Video is not affected")]
    public static partial void CannotBind(ILogger logger, int port, string error, string hint);

    [LoggerMessage(9102, LogLevel.Warning, "ONVIF discovery: cannot join multicast {Group} on {Interface} ({Error}); probes arriving there go unanswered")]
    public static partial void CannotJoin(ILogger logger, string group, string @interface, string error);

    [LoggerMessage(9103, LogLevel.Debug, "ONVIF discovery: answered a probe from {Client} with {XAddrs}")]
    public static partial void Answered(ILogger logger, string client, string xaddrs);

    [LoggerMessage(9108, LogLevel.Debug, "ONVIF discovery: left a multicast probe from {Client} unanswered: {Waiting} answers are already waiting out their random delay")]
    public static partial void TooManyProbes(ILogger logger, string client, int waiting);

    [LoggerMessage(9104, LogLevel.Debug, "ONVIF discovery: could not send to {Destination}: {Error}")]
    public static partial void SendFailed(ILogger logger, string destination, string error);

    [LoggerMessage(9105, LogLevel.Error, "ONVIF discovery stopped answering after an unexpected error; video is not affected")]
    public static partial void Failed(ILogger logger, Exception exception);

    [LoggerMessage(9107, LogLevel.Information, "ONVIF discovery: now also on {Interfaces} (said Hello there)")]
    public static partial void Joined(ILogger logger, string interfaces);

    [LoggerMessage(9106, LogLevel.Information, "ONVIF discovery: no network interface with an IPv4 address yet; looking again every 30 s")]
    public static partial void NoInterfaces(ILogger logger);
}
