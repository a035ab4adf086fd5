using System.Diagnostics.CodeAnalysis;

namespace Edge.Config;

/// <summary>
/// A table of a config file: the document itself, a [header] table, an element of an array of
/// tables, a table made by dotted keys, or an inline table. Keys keep their document order and
/// their own positions, so "unknown key" errors point at the key and "bad value" errors at the value.
/// </summary>
public sealed class ConfigTable : ConfigNode
{
    private readonly OrderedDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    internal ConfigTable(ConfigPosition position, int depth) : base(position, depth)
    {
    }

    public override ConfigNodeKind Kind => ConfigNodeKind.Table;

    public int Count => _entries.Count;

    /// <summary>The keys in document order.</summary>
    public IEnumerable<string> Keys => _entries.Keys;

    /// <summary>The value of <paramref name="key"/>; throws <see cref="KeyNotFoundException"/> when absent.</summary>
    public ConfigNode this[string key] =>
        _entries.TryGetValue(key, out var entry) ? entry.Value : throw new KeyNotFoundException($"no key \"{key}\" in the table");

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out ConfigNode value)
    {
        var found = _entries.TryGetValue(key, out var entry);
        value = entry.Value;
        return found;
    }

    /// <summary>
    /// Where <paramref name="key"/> itself was written: the last segment of a dotted key, or the
    /// name in a [header]. Throws <see cref="KeyNotFoundException"/> when the key is absent.
    /// </summary>
    public ConfigPosition GetKeyPosition(string key) =>
        _entries.TryGetValue(key, out var entry) ? entry.KeyPosition : throw new KeyNotFoundException($"no key \"{key}\" in the table");

    internal void Add(string key, ConfigPosition keyPosition, ConfigNode value) => _entries.Add(key, new Entry(value, keyPosition));

    /// <summary>
    /// Called when a table that a header path created implicitly ([a] in [a.b]) gets its own
    /// [header]: from then on that header is where a person should look for it.
    /// </summary>
    internal void MarkDefinedByHeader(ConfigPosition headerPosition, ConfigTable parent, string key, ConfigPosition keyPosition)
    {
        Position = headerPosition;
        parent._entries[key] = new Entry(this, keyPosition);
    }

    private readonly record struct Entry(ConfigNode Value, ConfigPosition KeyPosition);
}
