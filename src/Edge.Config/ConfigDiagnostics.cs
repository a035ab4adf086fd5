namespace Edge.Config;

/// <summary>
/// Collects the problems found while binding one config source, and keeps the values of secret
/// keys out of them.
/// </summary>
internal sealed class ConfigDiagnostics(string? sourceName)
{
    /// <summary>
    /// Shorter secrets are not searched for in messages: a two-letter password would blank out
    /// ordinary words. No message quotes a secret's value to begin with; this is the second guard.
    /// </summary>
    internal const int MinRedactedLength = 4;

    private const string Redaction = "(secret)";

    private readonly List<ConfigError> _errors = [];
    private readonly HashSet<string> _secrets = new(StringComparer.Ordinal);

    public string? SourceName { get; } = sourceName;

    /// <summary>Every problem so far, in the order found, with every known secret replaced by "(secret)".</summary>
    public IReadOnlyList<ConfigError> Errors => _secrets.Count == 0 ? _errors : _errors.ConvertAll(Redact);

    public void Add(ConfigPosition position, string message) => _errors.Add(new ConfigError(SourceName, position, message));

    /// <summary>
    /// Declares a value (a password, a URL carrying a stream key) that must never appear in a
    /// message, whichever check wrote the message and whether it came before or after.
    /// </summary>
    public void AddSecret(string value)
    {
        if (value.Length >= MinRedactedLength)
            _secrets.Add(value);
    }

    private ConfigError Redact(ConfigError error)
    {
        var message = error.Message;
        // Longest first, so a secret that contains another is removed whole.
        foreach (var secret in _secrets.OrderByDescending(s => s.Length))
            message = message.Replace(secret, Redaction, StringComparison.Ordinal);
        return ReferenceEquals(message, error.Message) ? error : error with { Message = message };
    }
}
