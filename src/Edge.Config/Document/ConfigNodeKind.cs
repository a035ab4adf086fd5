namespace Edge.Config;

/// <summary>The kinds of value a TOML document can hold, as the config binder tells them apart.</summary>
public enum ConfigNodeKind
{
    String,
    Integer,
    Float,
    Boolean,

    /// <summary>Any of TOML's four date and time forms (see <see cref="ConfigValue.Syntax"/> for which).</summary>
    DateTime,
    Array,
    Table,
}
