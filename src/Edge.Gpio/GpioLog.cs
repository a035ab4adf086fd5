using Microsoft.Extensions.Logging;

namespace Edge.Gpio;

/// <summary>Log messages of the LEDs and the button (event ids 5100-5199). Nothing here repeats per tick.</summary>
internal static partial class GpioLog
{
    [LoggerMessage(5100, LogLevel.Information, "LEDs on {Chip}: {Lines}; active-low {ActiveLow} (the kernel's ACTIVE_LOW line flag)")]
    public static partial void LedsStarted(ILogger logger, string chip, string lines, bool activeLow);

    [LoggerMessage(5101, LogLevel.Warning, "LEDs disabled: {Reason}. Edge keeps running without them")]
    public static partial void LedsUnavailable(ILogger logger, string reason);

    [LoggerMessage(5102, LogLevel.Warning, "LEDs disabled after an error: {Reason}. Edge keeps running without them")]
    public static partial void LedsFailed(ILogger logger, string reason, Exception exception);

    [LoggerMessage(5103, LogLevel.Debug, "LED {Role}: {From} -> {To}")]
    public static partial void LedPatternChanged(ILogger logger, string role, string from, string to);

    [LoggerMessage(5110, LogLevel.Information, "button on {Chip} line {Line}: short press forces a keyframe and reconnects pushes, holding {LongPress} restarts the pipeline")]
    public static partial void ButtonStarted(ILogger logger, string chip, string line, TimeSpan longPress);

    [LoggerMessage(5111, LogLevel.Warning, "button disabled: {Reason}. Edge keeps running without it")]
    public static partial void ButtonUnavailable(ILogger logger, string reason);

    [LoggerMessage(5112, LogLevel.Warning, "button disabled after an error: {Reason}. Edge keeps running without it")]
    public static partial void ButtonFailed(ILogger logger, string reason, Exception exception);

    [LoggerMessage(5113, LogLevel.Information, "button: {Press} press")]
    public static partial void ButtonPressed(ILogger logger, string press);

    [LoggerMessage(5114, LogLevel.Error, "button: a {Press} press handler failed")]
    public static partial void ButtonHandlerFailed(ILogger logger, string press, Exception exception);
}
