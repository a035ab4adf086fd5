namespace Edge.Config.Toml;

/// <summary>A boolean value (true or false).</summary>
public sealed class TomlBoolean : TomlNode
{
    internal TomlBoolean(TomlPosition position, bool value) : base(position) => Value = value;

    public bool Value { get; }

    public override TomlValueKind Kind => TomlValueKind.Boolean;

    public override string ToString() => Value ? "true" : "false";
}
