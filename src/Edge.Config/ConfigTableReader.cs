using System.Globalization;

namespace Edge.Config;

/// <summary>
/// Reads typed values out of one TOML table for the config binder, recording every problem
/// instead of stopping at the first, and remembering which keys were asked for so that the
/// rest can be reported as unknown (with a "did you mean").
/// </summary>
/// <remarks>
/// Each getter returns the default when the key is absent or wrong, so binding always runs to
/// the end and the user sees every mistake in one go. No getter quotes a value it was asked to
/// treat as a secret, and the value of a key read with <c>secret: true</c> is also removed from
/// every message of the file, whoever wrote it (see <see cref="ConfigDiagnostics.AddSecret"/>).
/// </remarks>
internal sealed class ConfigTableReader
{
    private readonly ConfigDiagnostics _diagnostics;
    private readonly HashSet<string> _knownKeys = new(StringComparer.Ordinal);

    public ConfigTableReader(ConfigDiagnostics diagnostics, ConfigTable table, string path)
    {
        _diagnostics = diagnostics;
        Table = table;
        Path = path;
    }

    /// <summary>The table being read.</summary>
    public ConfigTable Table { get; }

    /// <summary>The table's dotted name as users write it (<c>camera.front.encoder</c>), empty for the root.</summary>
    public string Path { get; }

    public ConfigDiagnostics Diagnostics => _diagnostics;

    public bool Has(string key)
    {
        _knownKeys.Add(key);
        return Table.TryGetValue(key, out _);
    }

    /// <summary>Full name of a key of this table, for messages.</summary>
    public string NameOf(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    /// <summary>Where a key's value starts, or where the table starts when the key is absent.</summary>
    public ConfigPosition PositionOf(string key) =>
        Table.TryGetValue(key, out var node) ? node.Position : Table.Position;

    public void Error(string key, string message) => _diagnostics.Add(PositionOf(key), message);

    public string GetString(string key, string defaultValue, bool secret = false) =>
        GetOptionalString(key, secret) ?? defaultValue;

    public string? GetOptionalString(string key, bool secret = false)
    {
        if (!TryGet(key, ConfigNodeKind.String, "a string", out var node))
            return null;
        var value = ((ConfigValue)node).AsString!;
        if (secret)
            _diagnostics.AddSecret(value);
        return value;
    }

    public int GetInt(string key, int defaultValue, int min, int max, string? unit = null)
    {
        if (!TryGet(key, ConfigNodeKind.Integer, "an integer", out var node))
            return defaultValue;
        var value = ((ConfigValue)node).AsInteger!.Value;
        if (value < min || value > max)
        {
            var suffix = unit is null ? "" : " " + unit;
            _diagnostics.Add(node.Position, $"{NameOf(key)} must be between {min} and {max}{suffix}, got {value.ToString(CultureInfo.InvariantCulture)}");
            return defaultValue;
        }
        return (int)value;
    }

    /// <summary>A duration in seconds; integers and floats are both accepted (<c>2</c>, <c>0.5</c>).</summary>
    public TimeSpan GetSeconds(string key, TimeSpan defaultValue, double min, double max)
    {
        _knownKeys.Add(key);
        if (!Table.TryGetValue(key, out var node))
            return defaultValue;
        double seconds;
        switch (node)
        {
            case ConfigValue { AsInteger: { } integer }:
                seconds = integer;
                break;
            case ConfigValue { AsFloat: { } number } when double.IsFinite(number):
                seconds = number;
                break;
            default:
                _diagnostics.Add(node.Position, $"{NameOf(key)} must be a number of seconds, got {Describe(node)}");
                return defaultValue;
        }
        if (seconds < min || seconds > max)
        {
            _diagnostics.Add(node.Position, $"{NameOf(key)} must be between {Format(min)} and {Format(max)} seconds, got {Format(seconds)}");
            return defaultValue;
        }
        return TimeSpan.FromSeconds(seconds);
    }

    public bool GetBool(string key, bool defaultValue) =>
        TryGet(key, ConfigNodeKind.Boolean, "true or false", out var node) ? ((ConfigValue)node).AsBoolean!.Value : defaultValue;

    /// <summary>A string that must be one of a fixed set of words (matched case-insensitively).</summary>
    public T GetChoice<T>(string key, T defaultValue, ReadOnlySpan<(string Name, T Value)> choices)
    {
        if (!TryGet(key, ConfigNodeKind.String, "a string", out var node))
            return defaultValue;
        var text = ((ConfigValue)node).AsString!;
        foreach (var (name, value) in choices)
        {
            if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
                return value;
        }
        var names = new string[choices.Length];
        for (var i = 0; i < choices.Length; i++)
            names[i] = choices[i].Name;
        var hint = SpellingSuggestion.Closest(text, names) is { } close ? $" (did you mean \"{close}\"?)" : "";
        _diagnostics.Add(node.Position, $"{NameOf(key)} must be one of {string.Join(", ", names)}; got \"{text}\"{hint}");
        return defaultValue;
    }

    /// <summary>A list of strings; a single string is accepted as a list of one.</summary>
    public IReadOnlyList<string> GetStringList(string key, IReadOnlyList<string> defaultValue)
    {
        _knownKeys.Add(key);
        if (!Table.TryGetValue(key, out var node))
            return defaultValue;
        if (node is ConfigValue { AsString: { } single })
            return [single];
        if (node is not ConfigArray array)
        {
            _diagnostics.Add(node.Position, $"{NameOf(key)} must be a string or a list of strings, got {Describe(node)}");
            return defaultValue;
        }
        var result = new List<string>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is ConfigValue { AsString: { } item })
                result.Add(item);
            else
                _diagnostics.Add(array[i].Position, $"{NameOf(key)}[{i}] must be a string, got {Describe(array[i])}");
        }
        return result;
    }

    /// <summary>A sub-table, or null when absent (or not a table, which is reported).</summary>
    public ConfigTableReader? GetTable(string key)
    {
        if (!TryGet(key, ConfigNodeKind.Table, "a table", out var node))
            return null;
        return new ConfigTableReader(_diagnostics, (ConfigTable)node, NameOf(key));
    }

    /// <summary>The tables of an array of tables (<c>[[push]]</c>); a single table is rejected with a hint.</summary>
    public IReadOnlyList<ConfigTableReader> GetTableArray(string key)
    {
        _knownKeys.Add(key);
        if (!Table.TryGetValue(key, out var node))
            return [];
        if (node is not ConfigArray array)
        {
            var hint = node is ConfigTable ? $"; write [[{NameOf(key)}]] with two brackets" : "";
            _diagnostics.Add(node.Position, $"{NameOf(key)} must be a list of tables, got {Describe(node)}{hint}");
            return [];
        }
        var result = new List<ConfigTableReader>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is ConfigTable table)
                result.Add(new ConfigTableReader(_diagnostics, table, $"{NameOf(key)}[{i}]"));
            else
                _diagnostics.Add(array[i].Position, $"{NameOf(key)}[{i}] must be a table, got {Describe(array[i])}");
        }
        return result;
    }

    /// <summary>Reports every key of this table that no getter asked for.</summary>
    public void ReportUnknownKeys()
    {
        foreach (var key in Table.Keys)
        {
            if (_knownKeys.Contains(key))
                continue;
            var hint = SpellingSuggestion.Closest(key, _knownKeys) is { } close
                ? $"; did you mean \"{close}\"?"
                : $"; valid keys here: {string.Join(", ", _knownKeys)}";
            _diagnostics.Add(Table.GetKeyPosition(key), $"unknown key \"{NameOf(key)}\"{hint}");
        }
    }

    private bool TryGet(string key, ConfigNodeKind kind, string expected, out ConfigNode node)
    {
        _knownKeys.Add(key);
        if (!Table.TryGetValue(key, out node!))
            return false;
        if (node.Kind == kind)
            return true;
        _diagnostics.Add(node.Position, $"{NameOf(key)} must be {expected}, got {Describe(node)}");
        return false;
    }

    /// <summary>Names a value's type without its content, so that secrets are never shown.</summary>
    internal static string Describe(ConfigNode node) => node.Kind switch
    {
        ConfigNodeKind.String => "a string",
        ConfigNodeKind.Integer => "an integer",
        ConfigNodeKind.Float => "a floating-point number",
        ConfigNodeKind.Boolean => "a boolean",
        ConfigNodeKind.Array => "a list",
        ConfigNodeKind.Table => "a table",
        _ => "a date or time",
    };

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
