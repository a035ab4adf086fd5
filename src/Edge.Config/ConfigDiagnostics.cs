using Edge.Config.Toml;

namespace Edge.Config;

/// <summary>Collects the problems found while binding one config source.</summary>
internal sealed class ConfigDiagnostics(string? sourceName)
{
    private readonly List<ConfigError> _errors = [];

    public string? SourceName { get; } = sourceName;

    public IReadOnlyList<ConfigError> Errors => _errors;

    public void Add(TomlPosition position, string message) => _errors.Add(new ConfigError(SourceName, position, message));
}
