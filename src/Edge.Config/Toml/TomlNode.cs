namespace Edge.Config.Toml;

/// <summary>
/// A value in a parsed TOML document. Every node remembers where it starts so that the config
/// layer can point a person at the exact value that is wrong, long after parsing.
/// </summary>
public abstract class TomlNode
{
    // Only this assembly defines node kinds: the set is closed, so callers can switch on Kind.
    private protected TomlNode(TomlPosition position) => Position = position;

    /// <summary>
    /// Where the value starts. For a table: its [header], or the first key that created it;
    /// for an inline table: its '{'; for an array: its '[' (or the first [[header]]).
    /// </summary>
    public TomlPosition Position { get; private protected set; }

    public abstract TomlValueKind Kind { get; }
}
