namespace Edge.Config.Toml;

/// <summary>A string value, with escapes resolved (any of the four TOML string forms).</summary>
public sealed class TomlString : TomlNode
{
    internal TomlString(TomlPosition position, string value) : base(position) => Value = value;

    public string Value { get; }

    public override TomlValueKind Kind => TomlValueKind.String;

    public override string ToString() => Value;
}
