using System.Buffers;
using System.Text.Unicode;

namespace Edge.Config.Toml;

/// <summary>
/// Reads TOML 1.0.0 documents into <see cref="TomlTable"/> trees that keep the position of every
/// key and value. Any fault is a <see cref="TomlException"/> that names the line and column.
/// The parser never recurses deeper than <see cref="MaxNestingDepth"/> and never goes quadratic;
/// limiting the size of the input is the caller's job.
/// </summary>
public static class TomlParser
{
    /// <summary>
    /// How deeply tables and arrays may nest below the root (toml-test recommends a cap of 128 or
    /// 256). Deeper documents are rejected with an error, so neither this parser nor a recursive
    /// walker of its result can run out of stack.
    /// </summary>
    public const int MaxNestingDepth = 128;

    /// <summary>Parses TOML text. A leading U+FEFF (a decoded byte-order mark) is skipped.</summary>
    public static TomlTable Parse(string text, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TomlReader.Read(text, sourceName, checkSurrogates: true);
    }

    /// <summary>
    /// Parses a UTF-8 document, strictly: bytes that are not valid UTF-8 (including encoded
    /// surrogates and overlong forms) are an error located at the first bad byte, never replaced
    /// with U+FFFD. A UTF-8 byte-order mark at the very start is allowed.
    /// </summary>
    public static TomlTable Parse(ReadOnlySpan<byte> utf8, string? sourceName = null)
    {
        // UTF-16 never needs more code units than UTF-8 has bytes, so one buffer is enough.
        var buffer = ArrayPool<char>.Shared.Rent(Math.Max(1, utf8.Length));
        try
        {
            var status = Utf8.ToUtf16(utf8, buffer, out var read, out var written, replaceInvalidSequences: false, isFinalBlock: true);
            if (status != OperationStatus.Done)
                throw InvalidUtf8(utf8, read, buffer.AsSpan(0, written), sourceName);

            // The BOM stays in the text: the reader skips exactly one at the start, so a second
            // one (or one anywhere else) is still reported.
            return TomlReader.Read(new string(buffer, 0, written), sourceName, checkSurrogates: false);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static TomlException InvalidUtf8(ReadOnlySpan<byte> utf8, int offset, ReadOnlySpan<char> decoded, string? sourceName)
    {
        var position = new TomlPositionTracker(decoded.ToString(), 0).At(decoded.Length);
        var reason = utf8.Length >= 2 && ((utf8[0] == 0xFF && utf8[1] == 0xFE) || (utf8[0] == 0xFE && utf8[1] == 0xFF))
            ? "the document is UTF-16; TOML documents must be UTF-8"
            : $"invalid UTF-8 byte 0x{utf8[offset]:X2}; TOML documents must be UTF-8";
        return new TomlException(position, reason, sourceName);
    }
}
