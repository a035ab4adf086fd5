using System.Globalization;
using System.Text.Json;
using Edge.Config.Toml;

namespace TomlDecoder;

/// <summary>
/// Writes a parsed document in toml-test's tagged JSON: tables as objects, arrays as arrays,
/// every other value as {"type": ..., "value": ...} with the value as text.
/// </summary>
public static class TaggedJson
{
    public static void Write(TomlTable document, Stream output)
    {
        // The default escaping (non-ASCII as \uXXXX) is plain valid JSON and, unlike a custom
        // JavaScriptEncoder, costs no start-up time: the suite starts this program 709 times.
        // The depth cap follows the parser's: at most MaxNestingDepth levels, plus the tag object.
        var options = new JsonWriterOptions { MaxDepth = TomlParser.MaxNestingDepth + 8 };
        using var writer = new Utf8JsonWriter(output, options);
        WriteNode(writer, document);
        writer.Flush();
    }

    private static void WriteNode(Utf8JsonWriter writer, TomlNode node)
    {
        switch (node)
        {
            case TomlTable table:
                writer.WriteStartObject();
                foreach (var (key, value) in table)
                {
                    writer.WritePropertyName(key);
                    WriteNode(writer, value);
                }

                writer.WriteEndObject();
                break;
            case TomlArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                    WriteNode(writer, item);
                writer.WriteEndArray();
                break;
            default:
                var (type, text) = Tag(node);
                writer.WriteStartObject();
                writer.WriteString("type", type);
                writer.WriteString("value", text);
                writer.WriteEndObject();
                break;
        }
    }

    /// <summary>The toml-test type name and value text of a scalar node.</summary>
    public static (string Type, string Value) Tag(TomlNode node) => node switch
    {
        TomlString s => ("string", s.Value),
        TomlInteger i => ("integer", i.Value.ToString(CultureInfo.InvariantCulture)),
        TomlFloat f => ("float", f.ToString()),
        TomlBoolean b => ("bool", b.Value ? "true" : "false"),
        TomlDateTime d => (d.Kind switch
        {
            TomlValueKind.OffsetDateTime => "datetime",
            TomlValueKind.LocalDateTime => "datetime-local",
            TomlValueKind.LocalDate => "date-local",
            _ => "time-local",
        }, d.ToString()),
        _ => throw new ArgumentException($"{node.Kind} is not a scalar", nameof(node)),
    };
}
