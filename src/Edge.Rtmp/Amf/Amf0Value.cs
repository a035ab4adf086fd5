using System.Globalization;

namespace Edge.Rtmp.Amf;

/// <summary>
/// One decoded AMF0 value: what a server's commands (<c>_result</c>, <c>_error</c>, <c>onStatus</c>)
/// carry. Read only on the control path, never per frame, so plain objects are fine here.
/// </summary>
internal sealed class Amf0Value
{
    private static readonly KeyValuePair<string, Amf0Value>[] NoProperties = [];

    private Amf0Value(Amf0Type type)
    {
        Type = type;
    }

    public static Amf0Value Null { get; } = new(Amf0Type.Null);

    public static Amf0Value Undefined { get; } = new(Amf0Type.Undefined);

    /// <summary>The marker the value was read with (<see cref="Amf0Type.LongString"/> and <see cref="Amf0Type.XmlDocument"/> read as strings).</summary>
    public Amf0Type Type { get; }

    /// <summary>For numbers and dates (milliseconds since 1970).</summary>
    public double Number { get; private init; }

    public bool Boolean { get; private init; }

    /// <summary>For strings, long strings and XML documents; the class name of a typed object.</summary>
    public string? String { get; private init; }

    /// <summary>For objects, typed objects and ECMA arrays: name/value pairs in the order they were written.</summary>
    public IReadOnlyList<KeyValuePair<string, Amf0Value>> Properties { get; private init; } = NoProperties;

    /// <summary>For strict arrays.</summary>
    public IReadOnlyList<Amf0Value> Items { get; private init; } = [];

    public bool IsObjectLike => Type is Amf0Type.Object or Amf0Type.EcmaArray or Amf0Type.TypedObject;

    public static Amf0Value FromNumber(double value) => new(Amf0Type.Number) { Number = value };

    public static Amf0Value FromBoolean(bool value) => new(Amf0Type.Boolean) { Boolean = value };

    public static Amf0Value FromString(string value, Amf0Type type = Amf0Type.String) => new(type) { String = value };

    public static Amf0Value FromDate(double millisecondsSince1970) => new(Amf0Type.Date) { Number = millisecondsSince1970 };

    public static Amf0Value FromProperties(Amf0Type type, IReadOnlyList<KeyValuePair<string, Amf0Value>> properties, string? className = null) =>
        new(type) { Properties = properties, String = className };

    public static Amf0Value FromItems(IReadOnlyList<Amf0Value> items) => new(Amf0Type.StrictArray) { Items = items };

    /// <summary>The property called <paramref name="name"/> of an object, or null.</summary>
    public Amf0Value? this[string name]
    {
        get
        {
            foreach (var (key, value) in Properties)
            {
                if (string.Equals(key, name, StringComparison.Ordinal))
                    return value;
            }
            return null;
        }
    }

    /// <summary>The string property <paramref name="name"/>, or null when absent or not a string.</summary>
    public string? GetString(string name) => this[name] is { Type: Amf0Type.String or Amf0Type.LongString } value ? value.String : null;

    public override string ToString() => Type switch
    {
        Amf0Type.Number => Number.ToString(CultureInfo.InvariantCulture),
        Amf0Type.Boolean => Boolean ? "true" : "false",
        Amf0Type.String or Amf0Type.LongString or Amf0Type.XmlDocument => String ?? "",
        Amf0Type.Null => "null",
        Amf0Type.Undefined => "undefined",
        Amf0Type.StrictArray => $"[{Items.Count} items]",
        _ => "{" + string.Join(", ", Properties.Select(p => $"{p.Key}: {p.Value}")) + "}",
    };
}
