using Tomlyn.Syntax;

namespace Edge.Config;

/// <summary>
/// Assembles the tables a person means from Tomlyn's syntax tree, which lists key/value lines and
/// [headers] as written: <c>[camera.front]</c>, <c>camera.front.fps = 30</c> and
/// <c>camera = { front = { fps = 30 } }</c> all become the same nested tables here.
/// </summary>
/// <remarks>
/// Runs only on a tree that Tomlyn's validator accepted, so duplicate keys and redefined tables
/// are already rejected; a conflict found here anyway is reported, never cast blindly.
/// Only nested values (arrays, inline tables) recurse; every table and array, however it was
/// written, is at most <see cref="ConfigDocument.MaxNestingDepth"/> deep, so neither this
/// builder nor anything that walks its result can run out of stack.
/// </remarks>
internal static class ConfigTableBuilder
{
    public static ConfigTable Build(DocumentSyntax document)
    {
        var root = new ConfigTable(new ConfigPosition(1, 1), depth: 0);
        foreach (var keyValue in document.KeyValues)
            AddKeyValue(root, keyValue);

        foreach (var header in document.Tables)
        {
            var segments = Segments(header.Name!);
            var parent = Descend(root, segments.AsSpan(0, segments.Length - 1));
            var (name, keyPosition) = segments[^1];
            var headerPosition = ConfigPosition.Of(header);
            var section = header is TableArraySyntax
                ? AppendArrayElement(parent, name, keyPosition, headerPosition)
                : DefineTable(parent, name, keyPosition, headerPosition);
            foreach (var keyValue in header.Items)
                AddKeyValue(section, keyValue);
        }

        return root;
    }

    /// <summary>[a.b]: a new table, or the one an earlier [a.b.c] created on the way.</summary>
    private static ConfigTable DefineTable(ConfigTable parent, string name, ConfigPosition keyPosition, ConfigPosition headerPosition)
    {
        if (!parent.TryGetValue(name, out var existing))
        {
            var table = new ConfigTable(headerPosition, Deeper(parent, keyPosition));
            parent.Add(name, keyPosition, table);
            return table;
        }

        if (existing is not ConfigTable implicitTable)
            throw Conflict(keyPosition, name, existing);
        implicitTable.MarkDefinedByHeader(headerPosition, parent, name, keyPosition);
        return implicitTable;
    }

    /// <summary>[[a.b]]: one more element of the array of tables a.b.</summary>
    private static ConfigTable AppendArrayElement(ConfigTable parent, string name, ConfigPosition keyPosition, ConfigPosition headerPosition)
    {
        if (!parent.TryGetValue(name, out var existing))
        {
            existing = new ConfigArray(headerPosition, Deeper(parent, keyPosition), isArrayOfTables: true);
            parent.Add(name, keyPosition, existing);
        }

        if (existing is not ConfigArray { IsArrayOfTables: true } array)
            throw Conflict(keyPosition, name, existing);
        var element = new ConfigTable(headerPosition, Deeper(array, keyPosition));
        array.Add(element);
        return element;
    }

    private static void AddKeyValue(ConfigTable table, KeyValueSyntax keyValue)
    {
        var segments = Segments(keyValue.Key!);
        var parent = Descend(table, segments.AsSpan(0, segments.Length - 1));
        var (name, keyPosition) = segments[^1];
        if (parent.TryGetValue(name, out var existing))
            throw Conflict(keyPosition, name, existing);
        parent.Add(name, keyPosition, Convert(keyValue.Value!, parent));
    }

    /// <summary>
    /// Walks a path of keys from <paramref name="table"/>, creating the tables that do not exist
    /// yet (each placed at the key that created it); a path through an array of tables goes into
    /// its last element, as TOML says.
    /// </summary>
    private static ConfigTable Descend(ConfigTable table, ReadOnlySpan<(string Name, ConfigPosition Position)> path)
    {
        foreach (var (name, position) in path)
        {
            if (!table.TryGetValue(name, out var next))
            {
                var created = new ConfigTable(position, Deeper(table, position));
                table.Add(name, position, created);
                table = created;
                continue;
            }

            table = next switch
            {
                ConfigTable nested => nested,
                ConfigArray { IsArrayOfTables: true, Count: > 0 } array when array[^1] is ConfigTable last => last,
                _ => throw Conflict(position, name, next),
            };
        }

        return table;
    }

    private static ConfigNode Convert(ValueSyntax value, ConfigNode container)
    {
        var position = ConfigPosition.Of(value);
        switch (value)
        {
            case ArraySyntax array:
            {
                var result = new ConfigArray(position, Deeper(container, position), isArrayOfTables: false);
                foreach (var item in array.Items)
                    result.Add(Convert(item.Value!, result));
                return result;
            }

            case InlineTableSyntax inline:
            {
                var result = new ConfigTable(position, Deeper(container, position));
                foreach (var item in inline.Items)
                    AddKeyValue(result, item.KeyValue!);
                return result;
            }

            default:
                return new ConfigValue(value, container.Depth);
        }
    }

    /// <summary>The depth of a new table or array inside <paramref name="container"/>, if it is allowed.</summary>
    private static int Deeper(ConfigNode container, ConfigPosition position)
    {
        if (container.Depth >= ConfigDocument.MaxNestingDepth)
            throw new ConfigException([new ConfigError(null, position, $"tables and arrays are nested more than {ConfigDocument.MaxNestingDepth} levels deep")]);
        return container.Depth + 1;
    }

    /// <summary>The segments of a key as written (<c>camera . "front door" . fps</c>), each with its place.</summary>
    private static (string Name, ConfigPosition Position)[] Segments(KeySyntax key)
    {
        var segments = new (string, ConfigPosition)[1 + key.DotKeys.ChildrenCount];
        segments[0] = Segment(key.Key!);
        for (var i = 0; i < key.DotKeys.ChildrenCount; i++)
            segments[i + 1] = Segment(key.DotKeys.GetChild(i)!.Key!);
        return segments;
    }

    private static (string, ConfigPosition) Segment(BareKeyOrStringValueSyntax key) => key switch
    {
        BareKeySyntax bare => (bare.Key!.Text!, ConfigPosition.Of(bare)),
        StringValueSyntax quoted => (quoted.Value!, ConfigPosition.Of(quoted)),
        _ => throw new ArgumentException($"unexpected key syntax {key.Kind}", nameof(key)),
    };

    private static ConfigException Conflict(ConfigPosition position, string name, ConfigNode existing) =>
        new([new ConfigError(null, position, $"\"{name}\" is already defined at {existing.Position}; a key or table can be defined only once")]);
}
