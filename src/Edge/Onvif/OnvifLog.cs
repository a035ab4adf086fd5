using Microsoft.Extensions.Logging;

namespace Edge.Onvif;

internal static partial class OnvifLog
{
    [LoggerMessage(9200, LogLevel.Information, "ONVIF device service at {Scheme}://ADDRESS:{Port}/onvif/device_service ({Cameras} profiles; {Access})")]
    public static partial void Serving(ILogger logger, string scheme, int port, int cameras, string access);

    [LoggerMessage(9201, LogLevel.Debug, "ONVIF {Operation} from {Client}: {Status}")]
    public static partial void Answered(ILogger logger, string operation, string client, int status);

    [LoggerMessage(9202, LogLevel.Warning, "ONVIF client {Client}: {Operation} refused: {Reason} (user \"{User}\"; logged at most once a minute per address)")]
    public static partial void Refused(ILogger logger, string client, string operation, string reason, string user);

    [LoggerMessage(9203, LogLevel.Information, "ONVIF discovery off ({Reason})")]
    public static partial void DiscoveryOff(ILogger logger, string reason);
}
