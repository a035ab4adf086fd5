using Microsoft.Extensions.Logging;

namespace Edge.Display;

/// <summary>The status display's log lines. Each problem is said once, not on every refresh.</summary>
internal static partial class DisplayLog
{
    [LoggerMessage(EventId = 5300, Level = LogLevel.Information, Message = "Status display on {Panel}")]
    public static partial void Opened(ILogger logger, string panel);

    [LoggerMessage(EventId = 5301, Level = LogLevel.Warning, Message = "Status display: no I2C bus {Bus} ({Path} does not exist); enable I2C (dtparam=i2c_arm=on in the boot config, then reboot) or set [display] bus in {ConfigFile}. Edge runs on without the display")]
    public static partial void NoBus(ILogger logger, int bus, string path, string configFile);

    [LoggerMessage(EventId = 5302, Level = LogLevel.Warning, Message = "Status display: no panel at {Panel} ({Reason}); check the wiring and the address (i2cdetect -y {Bus} lists what answers), or remove [display] from {ConfigFile}. Edge runs on without the display")]
    public static partial void NoPanel(ILogger logger, string panel, string reason, int bus, string configFile);

    [LoggerMessage(EventId = 5303, Level = LogLevel.Warning, Message = "Status display on {Panel} stopped answering ({Reason}); edge tries it again at the next change")]
    public static partial void WriteFailed(ILogger logger, string panel, string reason);

    [LoggerMessage(EventId = 5304, Level = LogLevel.Information, Message = "Status display on {Panel} answers again")]
    public static partial void Recovered(ILogger logger, string panel);
}
