namespace Edge.Config;

/// <summary>Thrown when a config cannot be used; carries every problem found, not only the first.</summary>
public sealed class ConfigException : Exception
{
    public ConfigException(IReadOnlyList<ConfigError> errors)
        : base(string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    public ConfigException()
        : this([])
    {
    }

    public ConfigException(string message)
        : base(message)
    {
        Errors = [new ConfigError(null, default, message)];
    }

    public ConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [new ConfigError(null, default, message)];
    }

    public IReadOnlyList<ConfigError> Errors { get; } = [];
}
