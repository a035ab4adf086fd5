using Microsoft.Extensions.Logging;

namespace Edge.Display;

internal static partial class DisplayServiceLog
{
    [LoggerMessage(EventId = 5310, Level = LogLevel.Error, Message = "Status display stopped after an unexpected error; edge streams on without it")]
    public static partial void Failed(ILogger logger, Exception exception);
}
