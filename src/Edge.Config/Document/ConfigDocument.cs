using System.Buffers;
using System.Text.Unicode;
using Tomlyn;
using Tomlyn.Parsing;

namespace Edge.Config;

/// <summary>
/// Reads a TOML 1.1 document with Tomlyn's validating syntax parser (which rejects duplicate
/// keys and redefined tables) and assembles its tables with the place of every key and value.
/// Any fault is a <see cref="ConfigException"/> holding one located <see cref="ConfigError"/>.
/// </summary>
public static class ConfigDocument
{
    /// <summary>
    /// How deeply tables and arrays may nest below the document, by brackets, braces, dotted keys
    /// or headers alike: Tomlyn's own limit for brackets and braces, applied to every form, so a
    /// hostile file gets an error rather than a stack overflow in whatever walks the tables.
    /// </summary>
    public const int MaxNestingDepth = 64;

    /// <summary>Parses TOML text. A leading U+FEFF (a decoded byte-order mark) is skipped.</summary>
    public static ConfigTable Parse(string text, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        Tomlyn.Syntax.DocumentSyntax document;
        try
        {
            document = SyntaxParser.Parse(text, sourceName, validate: true);
        }
        catch (TomlException e)
        {
            // Thrown rather than reported only for brackets or braces nested beyond Tomlyn's limit,
            // with no place; the message says what it is in the same words as for deep keys.
            var position = e.Line is { } line && e.Column is { } column ? new ConfigPosition(line, column) : default;
            throw Failed(sourceName, position, $"tables and arrays are nested more than {MaxNestingDepth} levels deep ({e.Message})");
        }
        catch (ArgumentOutOfRangeException)
        {
            // Tomlyn 2.11.1 throws this instead of reporting an error when the text ends inside
            // an escape sequence ("\U0001F6<end>"): it formats its end-of-file marker as a
            // character. The robustness tests find it by cutting a document short everywhere.
            throw Failed(sourceName, EndOf(text), "the file ends inside a string's escape sequence; finish it (\\\\ for a backslash) and close the string");
        }

        // Tomlyn goes on after an error, and what follows is mostly the same mistake seen again:
        // the first message is the one to act on.
        foreach (var diagnostic in document.Diagnostics)
        {
            if (diagnostic.Kind == Tomlyn.Syntax.DiagnosticMessageKind.Error)
                throw Failed(sourceName, ConfigPosition.From(diagnostic.Span.Start), SyntaxErrorText.Reword(diagnostic.Message));
        }

        try
        {
            return ConfigTableBuilder.Build(document);
        }
        catch (ConfigException e) when (e.Errors is [var error])
        {
            throw Failed(sourceName, error.Position, error.Message);
        }
    }

    /// <summary>
    /// Parses a UTF-8 document, strictly: bytes that are not valid UTF-8 (including encoded
    /// surrogates and overlong forms) are an error located at the first bad byte, never replaced
    /// with U+FFFD. A UTF-8 byte-order mark at the very start is allowed.
    /// </summary>
    public static ConfigTable Parse(ReadOnlySpan<byte> utf8, string? sourceName = null)
    {
        // UTF-16 never needs more code units than UTF-8 has bytes, so one buffer is enough.
        var buffer = ArrayPool<char>.Shared.Rent(Math.Max(1, utf8.Length));
        try
        {
            var status = Utf8.ToUtf16(utf8, buffer, out var read, out var written, replaceInvalidSequences: false, isFinalBlock: true);
            if (status != OperationStatus.Done)
                throw InvalidUtf8(utf8, read, buffer.AsSpan(0, written), sourceName);
            return Parse(new string(buffer, 0, written), sourceName);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static ConfigPosition EndOf(ReadOnlySpan<char> text) =>
        new(1 + text.Count('\n'), 1 + text.Length - (text.LastIndexOf('\n') + 1));

    private static ConfigException InvalidUtf8(ReadOnlySpan<byte> utf8, int offset, ReadOnlySpan<char> decoded, string? sourceName)
    {
        var reason = utf8.Length >= 2 && ((utf8[0] == 0xFF && utf8[1] == 0xFE) || (utf8[0] == 0xFE && utf8[1] == 0xFF))
            ? "the document is UTF-16; TOML documents must be UTF-8"
            : $"invalid UTF-8 byte 0x{utf8[offset]:X2}; TOML documents must be UTF-8";
        return Failed(sourceName, EndOf(decoded), reason);
    }

    private static ConfigException Failed(string? sourceName, ConfigPosition position, string message) =>
        new([new ConfigError(sourceName, position, message)]);
}
