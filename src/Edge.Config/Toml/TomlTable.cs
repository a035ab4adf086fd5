using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Edge.Config.Toml;

/// <summary>
/// A table: the document root, a [header] table, an array-of-tables element, a table made by
/// dotted keys, or an inline table. Keys keep their document order and their own positions, so
/// that "unknown key" errors point at the key and "bad value" errors at the value.
/// </summary>
public sealed class TomlTable : TomlNode, IEnumerable<KeyValuePair<string, TomlNode>>
{
    private readonly OrderedDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    internal TomlTable(TomlPosition position, TomlTableOrigin origin, bool isInline, int depth) : base(position)
    {
        Origin = origin;
        IsInline = isInline;
        Depth = depth;
    }

    public override TomlValueKind Kind => TomlValueKind.Table;

    public int Count => _entries.Count;

    /// <summary>The keys in document order.</summary>
    public IEnumerable<string> Keys => _entries.Keys;

    /// <summary>True for an inline table { ... } and for tables made by dotted keys inside one.</summary>
    public bool IsInline { get; }

    /// <summary>The value of <paramref name="key"/>; throws <see cref="KeyNotFoundException"/> when absent.</summary>
    public TomlNode this[string key] =>
        _entries.TryGetValue(key, out var entry) ? entry.Value : throw new KeyNotFoundException($"no key \"{key}\" in the table");

    internal TomlTableOrigin Origin { get; set; }

    /// <summary>Set when an inline table's '}' has been read: nothing may be added afterwards.</summary>
    internal bool IsFrozen { get; set; }

    /// <summary>How deep this table sits below the root (the root is 0; the parser caps this).</summary>
    internal int Depth { get; }

    public bool ContainsKey(string key) => _entries.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out TomlNode value)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            value = entry.Value;
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>
    /// Where <paramref name="key"/> itself was written: the last segment of a dotted key, or the
    /// name in a [header]. Throws <see cref="KeyNotFoundException"/> when the key is absent.
    /// </summary>
    public TomlPosition GetKeyPosition(string key) =>
        TryGetKeyPosition(key, out var position) ? position : throw new KeyNotFoundException($"no key \"{key}\" in the table");

    public bool TryGetKeyPosition(string key, out TomlPosition position)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            position = entry.KeyPosition;
            return true;
        }

        position = default;
        return false;
    }

    public Enumerator GetEnumerator() => new(_entries.GetEnumerator());

    IEnumerator<KeyValuePair<string, TomlNode>> IEnumerable<KeyValuePair<string, TomlNode>>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal bool TryGetEntry(string key, [MaybeNullWhen(false)] out TomlNode value, out TomlPosition keyPosition)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            value = entry.Value;
            keyPosition = entry.KeyPosition;
            return true;
        }

        value = null;
        keyPosition = default;
        return false;
    }

    internal void Add(string key, TomlPosition keyPosition, TomlNode value) => _entries.Add(key, new Entry(value, keyPosition));

    /// <summary>
    /// Called when a table that a header path created implicitly gets its own [header]: from then
    /// on the header is where a person should look for it.
    /// </summary>
    internal void MarkDefinedByHeader(TomlPosition headerPosition, TomlTable parent, string key, TomlPosition keyPosition)
    {
        Origin = TomlTableOrigin.Header;
        Position = headerPosition;
        parent._entries[key] = new Entry(this, keyPosition);
    }

    internal readonly record struct Entry(TomlNode Value, TomlPosition KeyPosition);

    /// <summary>Enumerates the key/value pairs in document order without allocating.</summary>
    public struct Enumerator : IEnumerator<KeyValuePair<string, TomlNode>>
    {
        private OrderedDictionary<string, Entry>.Enumerator _inner;

        internal Enumerator(OrderedDictionary<string, Entry>.Enumerator inner) => _inner = inner;

        public readonly KeyValuePair<string, TomlNode> Current => new(_inner.Current.Key, _inner.Current.Value.Value);

        readonly object IEnumerator.Current => Current;

        public bool MoveNext() => _inner.MoveNext();

        void IEnumerator.Reset() => ((IEnumerator)_inner).Reset();

        public readonly void Dispose()
        {
        }
    }
}
