namespace Edge.Config.Toml;

/// <summary>
/// Where keys and headers put things, and TOML's rules against defining anything twice:
/// a [header] defines a table once (a table a header path only mentioned may be defined later),
/// dotted keys may extend only the tables dotted keys created, inline tables and array values
/// are complete once written, and [[header]] appends only to arrays [[header]] created.
/// </summary>
internal sealed partial class TomlReader
{
    /// <summary>Reads "key = value" into <paramref name="table"/> (a section or an inline table).</summary>
    private void ReadKeyValue(TomlTable table)
    {
        ReadKey();
        if (Peek() != '=')
            throw Error(_pos, $"expected '=' after key {QuoteKey(_key.Count)}");
        _pos++;
        SkipWhitespace();

        var last = _key[^1];
        var target = ResolveKeyTarget(table);
        var value = ReadValue(target.Depth + 1);
        target.Add(last.Name, last.Position, value);
    }

    /// <summary>
    /// Walks (creating as needed) the tables named by all but the last segment of a dotted key,
    /// and checks that the last segment is new. Done before the value is read, so errors come in
    /// document order and <see cref="_key"/> is free for nested inline tables.
    /// </summary>
    private TomlTable ResolveKeyTarget(TomlTable table)
    {
        for (var i = 0; i < _key.Count - 1; i++)
        {
            var segment = _key[i];
            if (table.TryGetEntry(segment.Name, out var existing, out var existingAt))
            {
                if (existing is TomlTable { Origin: TomlTableOrigin.Dotted } dotted)
                {
                    table = dotted;
                    continue;
                }

                var path = QuoteKey(i + 1);
                throw Error(segment.Position, existing switch
                {
                    TomlTable { Origin: TomlTableOrigin.Inline } => $"cannot add to inline table {path} (defined at {existingAt}): an inline table is complete once closed",
                    TomlTable => $"cannot add to table {path} with a dotted key: it was created by a [header] at {existingAt}; add the key under that header",
                    TomlArray => $"cannot use {path} as a table: it is already an array (defined at {existingAt})",
                    _ => $"cannot use {path} as a table: it is already {Article(existing)} (defined at {existingAt})",
                });
            }

            var created = new TomlTable(segment.Position, TomlTableOrigin.Dotted, table.IsInline, table.Depth + 1);
            CheckDepth(created.Depth, segment.Position);
            table.Add(segment.Name, segment.Position, created);
            table = created;
        }

        var last = _key[^1];
        if (table.TryGetEntry(last.Name, out _, out var firstAt))
            throw Error(last.Position, $"duplicate key {QuoteKey(_key.Count)} (first defined at {firstAt})");
        return table;
    }

    /// <summary>At a '[': reads [a.b] or [[a.b]] and returns the table that following keys go into.</summary>
    private TomlTable ReadTableHeader(TomlTable root)
    {
        var headerAt = _positions.At(_pos);
        var isArray = _pos + 1 < _text.Length && _text[_pos + 1] == '[';
        _pos += isArray ? 2 : 1;
        ReadKey();
        if (isArray ? !LookingAt("]]") : Peek() != ']')
        {
            var expected = isArray ? "']]' to close the array-of-tables header" : "']' to close the table header";
            var hint = Peek() is not (EndOfInput or '\n' or '\r' or ']' or '#') ? " (a key with spaces or special characters must be quoted)" : "";
            throw Error(_pos, $"expected {expected}, found {Describe(_pos)}{hint}");
        }

        _pos += isArray ? 2 : 1;
        var parent = WalkHeaderPath(root);
        return isArray ? AppendArrayTable(parent, headerAt) : DefineTable(parent, headerAt);
    }

    /// <summary>Walks (creating implicitly as needed) the tables named by all but the header's last segment.</summary>
    private TomlTable WalkHeaderPath(TomlTable table)
    {
        for (var i = 0; i < _key.Count - 1; i++)
        {
            var segment = _key[i];
            if (!table.TryGetEntry(segment.Name, out var existing, out var existingAt))
            {
                var created = new TomlTable(segment.Position, TomlTableOrigin.Implicit, isInline: false, table.Depth + 1);
                CheckDepth(created.Depth, segment.Position);
                table.Add(segment.Name, segment.Position, created);
                table = created;
                continue;
            }

            var path = QuoteKey(i + 1);
            switch (existing)
            {
                case TomlTable { Origin: TomlTableOrigin.Inline }:
                    throw Error(segment.Position, $"cannot add to inline table {path} (defined at {existingAt}): an inline table is complete once closed");
                case TomlTable sub:
                    table = sub;
                    break;
                case TomlArray { IsArrayOfTables: true } array:
                    // A header below an array of tables extends its latest element.
                    table = (TomlTable)array[^1];
                    break;
                case TomlArray:
                    throw Error(segment.Position, $"cannot use {path} as a table: it is an array value (defined at {existingAt}), and only arrays made with [[...]] can be extended");
                default:
                    throw Error(segment.Position, $"cannot use {path} as a table: it is already {Article(existing)} (defined at {existingAt})");
            }
        }

        return table;
    }

    private TomlTable DefineTable(TomlTable parent, TomlPosition headerAt)
    {
        var last = _key[^1];
        var header = $"[{FormatKey(_key.Count)}]";
        if (!parent.TryGetEntry(last.Name, out var existing, out var existingAt))
        {
            var table = new TomlTable(headerAt, TomlTableOrigin.Header, isInline: false, parent.Depth + 1);
            CheckDepth(table.Depth, last.Position);
            parent.Add(last.Name, last.Position, table);
            return table;
        }

        switch (existing)
        {
            case TomlTable { Origin: TomlTableOrigin.Implicit } mentioned:
                mentioned.MarkDefinedByHeader(headerAt, parent, last.Name, last.Position);
                return mentioned;
            case TomlTable { Origin: TomlTableOrigin.Header } defined:
                throw Error(last.Position, $"table {header} is defined twice (first defined at {defined.Position})");
            case TomlTable { Origin: TomlTableOrigin.Dotted }:
                throw Error(last.Position, $"cannot define table {header}: it was already created by dotted keys at {existingAt}");
            case TomlTable:
                throw Error(last.Position, $"cannot define table {header}: it is already an inline table (defined at {existingAt})");
            case TomlArray { IsArrayOfTables: true }:
                throw Error(last.Position, $"cannot define table {header}: it is an array of tables (first defined at {existingAt}); write [{header}] to add an element");
            default:
                throw Error(last.Position, $"cannot define table {header}: the key is already {Article(existing)} (defined at {existingAt})");
        }
    }

    private TomlTable AppendArrayTable(TomlTable parent, TomlPosition headerAt)
    {
        var last = _key[^1];
        TomlArray array;
        if (!parent.TryGetEntry(last.Name, out var existing, out var existingAt))
        {
            array = new TomlArray(headerAt, isArrayOfTables: true, parent.Depth + 1);
            CheckDepth(array.Depth, last.Position);
            parent.Add(last.Name, last.Position, array);
        }
        else if (existing is TomlArray { IsArrayOfTables: true } tables)
        {
            array = tables;
        }
        else
        {
            var header = $"[[{FormatKey(_key.Count)}]]";
            throw Error(last.Position, existing switch
            {
                TomlArray => $"cannot append to {header}: the key is an array value (defined at {existingAt}), not an array of tables",
                TomlTable => $"cannot define array of tables {header}: the key is already a table (defined at {existingAt})",
                _ => $"cannot define array of tables {header}: the key is already {Article(existing)} (defined at {existingAt})",
            });
        }

        var element = new TomlTable(headerAt, TomlTableOrigin.ArrayElement, isInline: false, array.Depth + 1);
        CheckDepth(element.Depth, last.Position);
        array.Add(element);
        return element;
    }

    private void CheckDepth(int depth, TomlPosition at)
    {
        if (depth > TomlParser.MaxNestingDepth)
            throw Error(at, $"tables and arrays are nested more than {TomlParser.MaxNestingDepth} levels deep");
    }

    /// <summary>"a string", "an integer", ... for messages about a value in the way.</summary>
    private static string Article(TomlNode node) => node.Kind switch
    {
        TomlValueKind.String => "a string",
        TomlValueKind.Integer => "an integer",
        TomlValueKind.Float => "a float",
        TomlValueKind.Boolean => "a boolean",
        TomlValueKind.OffsetDateTime => "an offset date-time",
        TomlValueKind.LocalDateTime => "a local date-time",
        TomlValueKind.LocalDate => "a local date",
        TomlValueKind.LocalTime => "a local time",
        TomlValueKind.Array => "an array",
        _ => "a table",
    };
}
