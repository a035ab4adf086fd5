using System.Globalization;

namespace Edge.Config.Toml;

/// <summary>An integer value; TOML integers are 64-bit signed, larger ones are rejected.</summary>
public sealed class TomlInteger : TomlNode
{
    internal TomlInteger(TomlPosition position, long value) : base(position) => Value = value;

    public long Value { get; }

    public override TomlValueKind Kind => TomlValueKind.Integer;

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
