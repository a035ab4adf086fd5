namespace Edge.Config;

/// <summary>
/// A value of a parsed config file: a table, an array, or a scalar from Tomlyn's syntax tree.
/// Every node remembers where it starts, so a message can point at the exact value that is wrong.
/// </summary>
public abstract class ConfigNode
{
    // Only this assembly defines node kinds: the set is closed, so callers can switch on Kind.
    private protected ConfigNode(ConfigPosition position, int depth)
    {
        Position = position;
        Depth = depth;
    }

    /// <summary>
    /// Where the value starts. For a table: its [header], or the first key that created it;
    /// for an inline table: its '{'; for an array: its '[' (or its first [[header]]).
    /// </summary>
    public ConfigPosition Position { get; private protected set; }

    public abstract ConfigNodeKind Kind { get; }

    /// <summary>How far below the document this node is (the document is 0); at most <see cref="ConfigDocument.MaxNestingDepth"/>.</summary>
    internal int Depth { get; }
}
