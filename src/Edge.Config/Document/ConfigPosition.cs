using System.Globalization;
using Tomlyn.Syntax;

namespace Edge.Config;

/// <summary>
/// A place in a config file, 1-based, as an editor shows it: <see cref="Column"/> counts the
/// UTF-16 code units before it on its line plus one. (0, 0) means "no single place".
/// </summary>
public readonly record struct ConfigPosition(int Line, int Column)
{
    /// <summary>Tomlyn counts lines and columns from 0; people count from 1.</summary>
    internal static ConfigPosition From(TextPosition position) => new(position.Line + 1, position.Column + 1);

    /// <summary>Where a syntax node starts.</summary>
    internal static ConfigPosition Of(SyntaxNodeBase node) => From(node.Span.Start);

    /// <summary>"LINE:COL", the form used inside error messages.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Line}:{Column}");
}
