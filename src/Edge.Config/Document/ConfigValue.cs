using Tomlyn.Syntax;

namespace Edge.Config;

/// <summary>
/// A string, number, boolean or date as Tomlyn parsed it. The syntax node is kept as it is, so
/// the value, its kind and its place all come from one source.
/// </summary>
public sealed class ConfigValue : ConfigNode
{
    internal ConfigValue(ValueSyntax syntax, int depth) : base(ConfigPosition.Of(syntax), depth)
    {
        Syntax = syntax;
        Kind = syntax switch
        {
            StringValueSyntax => ConfigNodeKind.String,
            IntegerValueSyntax => ConfigNodeKind.Integer,
            FloatValueSyntax => ConfigNodeKind.Float,
            BooleanValueSyntax => ConfigNodeKind.Boolean,
            DateTimeValueSyntax => ConfigNodeKind.DateTime,
            _ => throw new ArgumentException($"{syntax.Kind} is not a scalar value", nameof(syntax)),
        };
    }

    /// <summary>Tomlyn's node: <see cref="StringValueSyntax"/>, <see cref="IntegerValueSyntax"/>, <see cref="FloatValueSyntax"/>, <see cref="BooleanValueSyntax"/> or <see cref="DateTimeValueSyntax"/>.</summary>
    public ValueSyntax Syntax { get; }

    public override ConfigNodeKind Kind { get; }

    /// <summary>The text of a string value (escapes resolved), else null.</summary>
    public string? AsString => (Syntax as StringValueSyntax)?.Value;

    /// <summary>The value of an integer, else null.</summary>
    public long? AsInteger => (Syntax as IntegerValueSyntax)?.Value;

    /// <summary>The value of a float, else null.</summary>
    public double? AsFloat => (Syntax as FloatValueSyntax)?.Value;

    /// <summary>The value of a boolean, else null.</summary>
    public bool? AsBoolean => (Syntax as BooleanValueSyntax)?.Value;
}
