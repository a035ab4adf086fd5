namespace Edge.Config.Toml;

/// <summary>
/// How a table came to exist. TOML's redefinition rules depend on it: a table may be created
/// implicitly by a header path and defined once later, a [header] table is defined once, a table
/// made by dotted keys can only be extended by dotted keys (and only while its section is open),
/// and an inline table is complete once its '}' is read.
/// </summary>
internal enum TomlTableOrigin
{
    /// <summary>The document itself.</summary>
    Root,

    /// <summary>A parent named in a header path ("a" in [a.b]) that no header has defined yet.</summary>
    Implicit,

    /// <summary>Defined by its own [header].</summary>
    Header,

    /// <summary>An element of an array of tables, made by a [[header]].</summary>
    ArrayElement,

    /// <summary>Created by a dotted key ("a" in a.b = 1), inside a section or an inline table.</summary>
    Dotted,

    /// <summary>An inline table value { ... }.</summary>
    Inline,
}
