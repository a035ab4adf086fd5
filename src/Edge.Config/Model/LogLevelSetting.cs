namespace Edge.Config;

/// <summary>The least severe log level written.</summary>
public enum LogLevelSetting
{
    Trace,
    Debug,
    Info,
    Warning,
    Error,
}
