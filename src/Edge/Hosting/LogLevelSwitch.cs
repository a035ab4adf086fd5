using Edge.Config;
using Microsoft.Extensions.Logging;

namespace Edge.Hosting;

/// <summary>
/// The daemon's log level, changeable while it runs, so a reload with a new <c>[log] level</c>
/// takes effect at once without restarting anything. The logger factory asks it on every
/// enabled-check, which is one volatile read.
/// </summary>
internal sealed class LogLevelSwitch
{
    private int _level;

    public LogLevelSwitch(LogLevelSetting level)
    {
        Set(level);
    }

    public LogLevel Level => (LogLevel)Volatile.Read(ref _level);

    public void Set(LogLevelSetting level) => Volatile.Write(ref _level, (int)LoggingSetup.ToLogLevel(level));
}
