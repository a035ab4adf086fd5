using Edge.Config.Toml;

namespace Edge.Config.Tests.Toml;

/// <summary>Error messages a person can act on, pointing at the offending character.</summary>
public sealed class TomlErrorTests
{
    [Fact]
    public void Message_HasSourceLineColumnAndReason()
    {
        var e = Assert.Throws<TomlException>(() => TomlParser.Parse("[camera]\nname = \"x\"\nfps     30\n", "edge.toml"));

        Assert.Equal("edge.toml:3:9: expected '=' after key \"fps\"", e.Message);
        Assert.Equal(new TomlPosition(3, 9), e.Position);
        Assert.Equal("edge.toml", e.SourceName);
        Assert.Equal("expected '=' after key \"fps\"", e.Reason);
    }

    [Fact]
    public void Message_WithoutSourceName_IsLineColumnAndReason()
    {
        var e = Assert.Throws<TomlException>(() => TomlParser.Parse("fps = 30\nfps = 25\n"));

        Assert.Equal("2:1: duplicate key \"fps\" (first defined at 1:1)", e.Message);
        Assert.Null(e.SourceName);
    }

    [Theory]
    // Duplicates and redefinitions name both places.
    [InlineData("[camera.front]\nfps = 1\n[camera.front]\n", 3, 9, "table [camera.front] is defined twice (first defined at 1:1)")]
    [InlineData("[a]\nb.c = 1\n[a.b]\n", 3, 4, "cannot define table [a.b]: it was already created by dotted keys at 2:1")]
    [InlineData("[a.b.c]\n[a]\nb.c.d = 1\n", 3, 1, "cannot add to table \"b\" with a dotted key: it was created by a [header] at 1:4; add the key under that header")]
    [InlineData("a = { b = 1 }\na.c = 2\n", 2, 1, "cannot add to inline table \"a\" (defined at 1:1): an inline table is complete once closed")]
    [InlineData("a = { b = 1 }\n[a.c]\n", 2, 2, "cannot add to inline table \"a\" (defined at 1:1): an inline table is complete once closed")]
    [InlineData("a = 1\na.b = 2\n", 2, 1, "cannot use \"a\" as a table: it is already an integer (defined at 1:1)")]
    [InlineData("[[push]]\n[push]\n", 2, 2, "cannot define table [push]: it is an array of tables (first defined at 1:3); write [[push]] to add an element")]
    [InlineData("push = []\n[[push]]\n", 2, 3, "cannot append to [[push]]: the key is an array value (defined at 1:1), not an array of tables")]
    [InlineData("\"a b\" = 1\n'a b' = 2\n", 2, 1, "duplicate key \"a b\" (first defined at 1:1)")]
    // Syntax errors point at the character.
    [InlineData("name = edge-cam\n", 1, 8, "invalid value 'edge-cam'; a string must be in quotes")]
    [InlineData("enabled = True\n", 1, 11, "invalid value 'True'; booleans are written in lower case: true or false")]
    [InlineData("a = \"abc\nb = 1\n", 1, 9, "unterminated string: expected '\"' before the end of the line (use \"\"\" for a multi-line string)")]
    [InlineData("a = \"\"\"abc\n", 2, 1, "unterminated multi-line string: expected '\"\"\"' to close the string opened at 1:5")]
    [InlineData("a = [1, 2\n", 2, 1, "unterminated array: expected ']' to close the array opened at 1:5")]
    [InlineData("a = [1 2]\n", 1, 8, "expected ',' or ']' after an array element, found '2'")]
    [InlineData("a = { b = 1, }\n", 1, 12, "a trailing comma is not allowed in an inline table (TOML 1.0.0)")]
    [InlineData("a = { b = 1,\n c = 2 }\n", 1, 13, "an inline table must be closed on the line it starts (opened at 1:5); use a [table] header for a multi-line table")]
    [InlineData("a = 1 b = 2\n", 1, 7, "expected the end of the line after the value, found 'b'")]
    [InlineData("[a b]\n", 1, 4, "expected ']' to close the table header, found 'b' (a key with spaces or special characters must be quoted)")]
    [InlineData("= 1\n", 1, 1, "expected a key, found '=' (the key is missing)")]
    [InlineData("a =\n", 1, 4, "expected a value, found the end of the line")]
    [InlineData("a = \"\\q\"\n", 1, 6, "invalid escape sequence '\\q'; use \\\\ for a backslash, or one of \\b \\t \\n \\f \\r \\\" \\uXXXX \\UXXXXXXXX")]
    [InlineData("a = \"\\uD800\"\n", 1, 6, "\\uD800 is not a Unicode scalar value (surrogates D800-DFFF and values above 10FFFF cannot be escaped)")]
    [InlineData("a = \"\\u12\"\n", 1, 10, "\\u must be followed by exactly 4 hexadecimal digits")]
    [InlineData("a = 1\rb = 2\n", 1, 6, "a carriage return must be followed by a line feed (bare CR is not a TOML newline)")]
    [InlineData("# bell \u0007\n", 1, 8, "control character U+0007 is not allowed in a comment")]
    [InlineData("a = \"tab\tok, bell \u0007 not\"\n", 1, 19, "control character U+0007 is not allowed in a string; write it as \\u0007")]
    // Numbers.
    [InlineData("a = 9223372036854775808\n", 1, 5, "the integer 9223372036854775808 does not fit in 64 bits (-9223372036854775808 to 9223372036854775807)")]
    [InlineData("a = -9223372036854775809\n", 1, 5, "the integer -9223372036854775809 does not fit in 64 bits (-9223372036854775808 to 9223372036854775807)")]
    [InlineData("a = 0x8000000000000000\n", 1, 5, "the integer 0x8000000000000000 does not fit in 64 bits (-9223372036854775808 to 9223372036854775807)")]
    [InlineData("a = 007\n", 1, 5, "leading zeros are not allowed in a decimal number")]
    [InlineData("a = 1__000\n", 1, 6, "an underscore in a number must be between two digits")]
    [InlineData("a = -0x10\n", 1, 5, "hexadecimal integers cannot have a sign")]
    [InlineData("a = 0o78\n", 1, 8, "unexpected '8' in the octal integer")]
    [InlineData("a = 1.\n", 1, 7, "expected a digit after the decimal point, found the end of the line")]
    [InlineData("a = 1e999\n", 1, 5, "the float 1e999 is too large for a 64-bit float; write inf for infinity")]
    [InlineData("a = infinity\n", 1, 5, "invalid value 'infinity'; a string must be in quotes")]
    [InlineData("a = -.5\n", 1, 5, "invalid value '-.5'; a float needs a digit before the decimal point, as in 0.5")]
    [InlineData("a = nan_\n", 1, 8, "unexpected '_' after nan")]
    // Dates and times.
    [InlineData("d = 2023-02-29\n", 1, 13, "day 29 is out of range for 2023-02 (01 to 28)")]
    [InlineData("d = 2024-13-01\n", 1, 10, "month 13 is out of range (01 to 12)")]
    [InlineData("d = 2024-01-01T25:00:00\n", 1, 16, "hour 25 is out of range (00 to 23)")]
    [InlineData("d = 2024-01-01T10:00\n", 1, 21, "seconds are required in a TOML 1.0.0 time: write HH:MM:SS")]
    [InlineData("d = 2024-01-01T10:00:00+24:00\n", 1, 25, "offset hour 24 is out of range (00 to 23)")]
    [InlineData("d = 10:00:00Z\n", 1, 13, "unexpected 'Z' after a time (HH:MM:SS)")]
    [InlineData("d = 0000-01-01\n", 1, 5, "year 0000 is not supported; dates start at 0001-01-01")]
    [InlineData("d = 2016-12-31T23:59:60Z\n", 1, 22, "leap seconds (:60) are not supported")]
    public void Error_IsLocatedAndExplained(string toml, int line, int column, string reason)
    {
        var e = Assert.Throws<TomlException>(() => TomlParser.Parse(toml));

        Assert.Equal(reason, e.Reason);
        Assert.Equal(new TomlPosition(line, column), e.Position);
    }

    [Fact]
    public void Error_InsideASection_NamesTheKeyAsWritten()
    {
        var e = Assert.Throws<TomlException>(() => TomlParser.Parse("[camera.front]\nencoder.kind = \"auto\"\nencoder.kind = \"x\"\n", "edge.toml"));

        Assert.Equal("edge.toml:3:9: duplicate key \"encoder.kind\" (first defined at 2:9)", e.Message);
    }
}
