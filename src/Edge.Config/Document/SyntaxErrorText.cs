using System.Text.RegularExpressions;

namespace Edge.Config;

/// <summary>
/// Rewords Tomlyn's syntax and validation messages where they would echo a value from the file
/// (which may be a password or a stream key) or where Edge can say more plainly what to do.
/// Anything else passes through as Tomlyn wrote it.
/// </summary>
internal static partial class SyntaxErrorText
{
    public static string Reword(string message)
    {
        // Tomlyn quotes the whole earlier definition, values and all: name the place instead.
        var redefined = Redefined().Match(message);
        if (redefined.Success)
        {
            return $"\"{redefined.Groups["key"].Value}\" is already defined at {redefined.Groups["line"].Value}:{redefined.Groups["column"].Value}; " +
                "a key or table can be defined only once (use [[name]] for a list of tables)";
        }

        // A word where a value should be is usually a string without its quotes; it may be a
        // secret, so it is not repeated, nor is anything else found there.
        var notAValue = NotAValue().Match(message);
        if (notAValue.Success)
        {
            return char.IsLetter(notAValue.Groups["token"].Value, 0)
                ? "expected a value here: a string must be in quotes (name = \"edge-cam\"), a boolean is true or false"
                : "expected a value here: \"text\", a number (30, 0.5), true or false, a date, [a list] or { a table }";
        }

        if (EndOfLineExpected().IsMatch(message))
            return "expected the end of the line after the value (one key = value per line; a comment starts with #)";
        if (message == "Unexpected token [\uFEFF] found")
            return "a byte-order mark (U+FEFF) is allowed only at the very start of the file";
        if (NoEquals().IsMatch(message))
            return "expected '=' after the key (key = value)";

        // Whatever else quotes a string token shows that it was a string, not what it said.
        return QuotedString().Replace(message, "a string");
    }

    [GeneratedRegex(@"^The key `(?<key>.*)` is already defined at \((?<line>\d+),(?<column>\d+)\) with `.*` and cannot be redefined$", RegexOptions.Singleline)]
    private static partial Regex Redefined();

    [GeneratedRegex(@"^Unexpected token `(?<token>.+)` for a value$", RegexOptions.Singleline)]
    private static partial Regex NotAValue();

    [GeneratedRegex(@"^Expecting `=` after a key instead of ", RegexOptions.Singleline)]
    private static partial Regex NoEquals();

    [GeneratedRegex(@"^Unexpected token found .* while expecting token `newline`$", RegexOptions.Singleline)]
    private static partial Regex EndOfLineExpected();

    [GeneratedRegex(@"`[""'][^`]*`")]
    private static partial Regex QuotedString();
}
