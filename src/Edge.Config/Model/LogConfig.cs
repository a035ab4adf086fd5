namespace Edge.Config;

/// <summary><c>[log]</c>: how much the daemon says.</summary>
public sealed record LogConfig
{
    public LogLevelSetting Level { get; init; } = LogLevelSetting.Info;
}
