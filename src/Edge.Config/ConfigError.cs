namespace Edge.Config;

/// <summary>One problem found in a config file, located so a person can go straight to it.</summary>
/// <param name="SourceName">The file the problem is in (as the user named it), or null for built-in defaults.</param>
/// <param name="Position">Line and column of the offending key or value; (0, 0) when the problem has no single place.</param>
/// <param name="Message">What is wrong and what would be valid. Never contains a secret.</param>
public sealed record ConfigError(string? SourceName, ConfigPosition Position, string Message)
{
    /// <summary>Formats as <c>edge.toml:12:7: message</c>, the shape compilers use and editors can jump to.</summary>
    public override string ToString()
    {
        var place = Position.Line > 0 ? $"{Position.Line}:{Position.Column}" : null;
        return (SourceName, place) switch
        {
            (null, null) => Message,
            (null, _) => $"{place}: {Message}",
            (_, null) => $"{SourceName}: {Message}",
            _ => $"{SourceName}:{place}: {Message}",
        };
    }
}
