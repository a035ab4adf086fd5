using Microsoft.Extensions.Logging;

namespace Edge.Mqtt;

internal static partial class MqttLog
{
    [LoggerMessage(EventId = 8000, Level = LogLevel.Information, Message = "MQTT: connected to {Broker} as {User}; publishing under {BaseTopic}")]
    public static partial void Connected(ILogger logger, string broker, string user, string baseTopic);

    [LoggerMessage(EventId = 8001, Level = LogLevel.Warning, Message = "MQTT: {Broker}: {Reason}; retrying in {DelaySeconds:0.#} s (video is not affected)")]
    public static partial void Failed(ILogger logger, string broker, string reason, double delaySeconds);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Debug, Message = "MQTT: {Broker}: failed again: {Reason}; retrying in {DelaySeconds:0.#} s")]
    public static partial void FailedAgain(ILogger logger, string broker, string reason, double delaySeconds);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Information, Message = "MQTT: command \"{Command}\" received; {Action}")]
    public static partial void Command(ILogger logger, string command, string action);

    [LoggerMessage(EventId = 8004, Level = LogLevel.Warning, Message = "MQTT: ignored an unknown command on {Topic} (known: " + MqttCommands.Refresh + ", " + MqttCommands.RestartPipelines + ")")]
    public static partial void UnknownCommand(ILogger logger, string topic);

    [LoggerMessage(EventId = 8005, Level = LogLevel.Information, Message = "MQTT: published {Count} Home Assistant discovery configs under {Prefix}")]
    public static partial void DiscoveryPublished(ILogger logger, int count, string prefix);

    [LoggerMessage(EventId = 8006, Level = LogLevel.Warning, Message = "MQTT: snapshot URLs point at {Url}, which only this machine can open; set [http] listen = \"0.0.0.0:PORT\" for Home Assistant on another machine to show snapshots")]
    public static partial void SnapshotsLoopbackOnly(ILogger logger, string url);

    [LoggerMessage(EventId = 8007, Level = LogLevel.Error, Message = "MQTT stopped after an unexpected error; edge streams on without it")]
    public static partial void Crashed(ILogger logger, Exception exception);
}
