using System.Globalization;

namespace Edge.Config.Toml;

/// <summary>
/// A place in a TOML document, 1-based. <see cref="Column"/> counts Unicode scalar values
/// (a character outside the BMP counts once, a tab counts once), because that is what an
/// editor's cursor shows to the person who has to fix the line.
/// </summary>
public readonly record struct TomlPosition(int Line, int Column)
{
    /// <summary>"LINE:COL", the form used inside error messages.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Line}:{Column}");
}
