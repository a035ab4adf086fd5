using System.Globalization;

namespace Edge.Config.Toml;

/// <summary>A floating-point value (IEEE 754 binary64), including inf and nan.</summary>
public sealed class TomlFloat : TomlNode
{
    internal TomlFloat(TomlPosition position, double value) : base(position) => Value = value;

    public double Value { get; }

    public override TomlValueKind Kind => TomlValueKind.Float;

    /// <summary>Round-trip text, with TOML's spellings of the special values (inf, -inf, nan).</summary>
    public override string ToString() => Value switch
    {
        double.PositiveInfinity => "inf",
        double.NegativeInfinity => "-inf",
        _ when double.IsNaN(Value) => "nan",
        _ => Value.ToString("R", CultureInfo.InvariantCulture),
    };
}
