using System.Diagnostics.CodeAnalysis;

namespace Edge.Config;

/// <summary>The outcome of loading a config: the config when it is valid, otherwise every error found.</summary>
public sealed record ConfigLoadResult(EdgeConfig? Config, IReadOnlyList<ConfigError> Errors)
{
    [MemberNotNullWhen(true, nameof(Config))]
    public bool IsValid => Config is not null;
}
