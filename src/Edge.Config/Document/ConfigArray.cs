using System.Collections;

namespace Edge.Config;

/// <summary>An array: a value written in brackets, or an array of tables built by [[header]]s.</summary>
public sealed class ConfigArray : ConfigNode, IReadOnlyList<ConfigNode>
{
    private readonly List<ConfigNode> _items = [];

    internal ConfigArray(ConfigPosition position, int depth, bool isArrayOfTables) : base(position, depth) => IsArrayOfTables = isArrayOfTables;

    /// <summary>True when the array was built by [[header]]s, which may append to it.</summary>
    public bool IsArrayOfTables { get; }

    public override ConfigNodeKind Kind => ConfigNodeKind.Array;

    public int Count => _items.Count;

    public ConfigNode this[int index] => _items[index];

    internal void Add(ConfigNode item) => _items.Add(item);

    public List<ConfigNode>.Enumerator GetEnumerator() => _items.GetEnumerator();

    IEnumerator<ConfigNode> IEnumerable<ConfigNode>.GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();
}
