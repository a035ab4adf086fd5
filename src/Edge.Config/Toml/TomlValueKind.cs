namespace Edge.Config.Toml;

/// <summary>The kinds of value a TOML 1.0.0 document can hold.</summary>
public enum TomlValueKind
{
    String,
    Integer,
    Float,
    Boolean,
    OffsetDateTime,
    LocalDateTime,
    LocalDate,
    LocalTime,
    Array,
    Table,
}
