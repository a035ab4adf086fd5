using System.Diagnostics.CodeAnalysis;

namespace Edge.Config;

/// <summary>The outcome of loading a config: the config when it is valid, otherwise every error found.</summary>
public sealed record ConfigLoadResult(EdgeConfig? Config, IReadOnlyList<ConfigError> Errors)
{
    [MemberNotNullWhen(true, nameof(Config))]
    public bool IsValid => Config is not null;

    /// <summary>
    /// For an invalid config whose <c>[leds]</c> table is itself valid: those LEDs, so the
    /// daemon can show the error on the status LED. Null when the config is valid, when the
    /// file does not parse as TOML, or when the LEDs are not configured or are wrong too.
    /// </summary>
    public LedsConfig? Leds { get; init; }
}
