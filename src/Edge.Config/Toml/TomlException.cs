namespace Edge.Config.Toml;

/// <summary>
/// A document that is not valid TOML. The message names the place and the fault in the form
/// editors and terminals understand: "edge.toml:3:9: expected '=' after key \"fps\"".
/// </summary>
public sealed class TomlException : Exception
{
    public TomlException(TomlPosition position, string reason, string? sourceName = null)
        : base(FormatMessage(position, reason, sourceName))
    {
        Position = position;
        Reason = reason;
        SourceName = sourceName;
    }

    /// <summary>Where the offending character is.</summary>
    public TomlPosition Position { get; }

    /// <summary>The name given to the parser (usually the file path), or null.</summary>
    public string? SourceName { get; }

    /// <summary>The fault alone, without the location prefix.</summary>
    public string Reason { get; }

    private static string FormatMessage(TomlPosition position, string reason, string? sourceName) =>
        sourceName is null ? $"{position}: {reason}" : $"{sourceName}:{position}: {reason}";
}
