using System.Collections;

namespace Edge.Config.Toml;

/// <summary>
/// An array: either a value written in brackets (elements may be of mixed types) or an array of
/// tables built by repeated [[header]]s.
/// </summary>
public sealed class TomlArray : TomlNode, IReadOnlyList<TomlNode>
{
    private readonly List<TomlNode> _items = [];

    internal TomlArray(TomlPosition position, bool isArrayOfTables, int depth) : base(position)
    {
        IsArrayOfTables = isArrayOfTables;
        Depth = depth;
    }

    /// <summary>
    /// True when the array was built by [[header]]s. Only such an array can be appended to by a
    /// later [[header]]; an array written as a value (even one of inline tables) is complete.
    /// </summary>
    public bool IsArrayOfTables { get; }

    public override TomlValueKind Kind => TomlValueKind.Array;

    public int Count => _items.Count;

    public TomlNode this[int index] => _items[index];

    /// <summary>How deep this array sits below the root table (the parser caps this).</summary>
    internal int Depth { get; }

    internal void Add(TomlNode item) => _items.Add(item);

    public List<TomlNode>.Enumerator GetEnumerator() => _items.GetEnumerator();

    IEnumerator<TomlNode> IEnumerable<TomlNode>.GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();
}
