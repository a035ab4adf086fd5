using System.Globalization;
using System.Text.Json;
using Edge.Config;
using Tomlyn;
using Tomlyn.Syntax;

namespace TomlDecoder;

/// <summary>
/// Writes a parsed document in toml-test's tagged JSON: tables as objects, arrays as arrays,
/// every other value as {"type": ..., "value": ...} with the value as text.
/// </summary>
public static class TaggedJson
{
    public static void Write(ConfigTable document, Stream output)
    {
        // The default escaping (non-ASCII as \uXXXX) is plain valid JSON and, unlike a custom
        // JavaScriptEncoder, costs no start-up time: the suite starts this program 709 times.
        // Tomlyn rejects documents nested deeper than 64; the writer needs one more level for tags.
        var options = new JsonWriterOptions { MaxDepth = 128 };
        using var writer = new Utf8JsonWriter(output, options);
        WriteNode(writer, document);
        writer.Flush();
    }

    private static void WriteNode(Utf8JsonWriter writer, ConfigNode node)
    {
        switch (node)
        {
            case ConfigTable table:
                writer.WriteStartObject();
                foreach (var key in table.Keys)
                {
                    writer.WritePropertyName(key);
                    WriteNode(writer, table[key]);
                }

                writer.WriteEndObject();
                break;
            case ConfigArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                    WriteNode(writer, item);
                writer.WriteEndArray();
                break;
            case ConfigValue value:
                var (type, text) = Tag(value);
                writer.WriteStartObject();
                writer.WriteString("type", type);
                writer.WriteString("value", text);
                writer.WriteEndObject();
                break;
        }
    }

    /// <summary>The toml-test type name and value text of a scalar node.</summary>
    public static (string Type, string Value) Tag(ConfigValue value) => value.Syntax switch
    {
        StringValueSyntax s => ("string", s.Value!),
        IntegerValueSyntax i => ("integer", i.Value.ToString(CultureInfo.InvariantCulture)),
        FloatValueSyntax f => ("float", FloatText(f.Value)),
        BooleanValueSyntax b => ("bool", b.Value ? "true" : "false"),
        DateTimeValueSyntax d => (d.Value.Kind switch
        {
            TomlDateTimeKind.OffsetDateTimeByZ or TomlDateTimeKind.OffsetDateTimeByNumber => "datetime",
            TomlDateTimeKind.LocalDateTime => "datetime-local",
            TomlDateTimeKind.LocalDate => "date-local",
            _ => "time-local",
        }, d.Value.ToString()),
        _ => throw new ArgumentException($"{value.Syntax.Kind} is not a scalar", nameof(value)),
    };

    /// <summary>Round-trip text, with TOML's spellings of the special values (inf, -inf, nan).</summary>
    private static string FloatText(double value) => value switch
    {
        double.PositiveInfinity => "inf",
        double.NegativeInfinity => "-inf",
        _ when double.IsNaN(value) => "nan",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}
