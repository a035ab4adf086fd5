using System.Globalization;
using System.Text;

namespace Edge.Config.Toml;

/// <summary>
/// The TOML 1.0.0 parser: a hand-written recursive-descent reader over the whole text, one pass,
/// no tokenizer. This file holds the document loop and the lexical basics (whitespace, comments,
/// newlines, error reporting); keys, tables, values, strings, numbers and dates live in the
/// other TomlReader.*.cs files.
/// </summary>
internal sealed partial class TomlReader
{
    private const int EndOfInput = -1;

    private readonly string _text;
    private readonly string? _sourceName;
    private readonly TomlPositionTracker _positions;

    // Reused for every string that needs unescaping, to keep the parse allocation-light.
    private readonly StringBuilder _builder = new();

    private int _pos;

    private TomlReader(string text, int start, string? sourceName)
    {
        _text = text;
        _pos = start;
        _sourceName = sourceName;
        _positions = new TomlPositionTracker(text, start);
    }

    public static TomlTable Read(string text, string? sourceName, bool checkSurrogates)
    {
        // A decoded byte-order mark is not part of the document; only one, only at the start.
        var start = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var reader = new TomlReader(text, start, sourceName);
        if (checkSurrogates)
            reader.CheckSurrogates();
        return reader.ReadDocument();
    }

    private TomlTable ReadDocument()
    {
        var root = new TomlTable(new TomlPosition(1, 1), TomlTableOrigin.Root, isInline: false, depth: 0);
        var current = root;
        while (true)
        {
            SkipWhitespace();
            var c = Peek();
            if (c == EndOfInput)
                return root;

            if (c == '[')
            {
                current = ReadTableHeader(root);
                ExpectEndOfLine("after the table header");
            }
            else if (c is '#' or '\n' or '\r')
            {
                ExpectEndOfLine("");
            }
            else
            {
                ReadKeyValue(current);
                ExpectEndOfLine("after the value");
            }
        }
    }

    /// <summary>Consumes trailing whitespace, an optional comment and the newline (or the end).</summary>
    private void ExpectEndOfLine(string context)
    {
        SkipWhitespace();
        if (Peek() == '#')
            SkipComment();

        switch (Peek())
        {
            case EndOfInput:
                return;
            case '\n':
                _pos++;
                return;
            case '\r':
                ExpectLineFeedAfterCarriageReturn();
                return;
            default:
                var after = context.Length == 0 ? "" : " " + context;
                throw Error(_pos, $"expected the end of the line{after}, found {Describe(_pos)}");
        }
    }

    /// <summary>At a '\r': TOML allows CR only as part of CRLF.</summary>
    private void ExpectLineFeedAfterCarriageReturn()
    {
        if (_pos + 1 < _text.Length && _text[_pos + 1] == '\n')
        {
            _pos += 2;
            return;
        }

        throw Error(_pos, "a carriage return must be followed by a line feed (bare CR is not a TOML newline)");
    }

    private void SkipWhitespace()
    {
        var text = _text;
        while (_pos < text.Length && text[_pos] is ' ' or '\t')
            _pos++;
    }

    /// <summary>Inside arrays, where newlines and comments may appear between elements.</summary>
    private void SkipWhitespaceCommentsAndNewlines()
    {
        while (true)
        {
            SkipWhitespace();
            switch (Peek())
            {
                case '#':
                    SkipComment();
                    break;
                case '\n':
                    _pos++;
                    break;
                case '\r':
                    ExpectLineFeedAfterCarriageReturn();
                    break;
                default:
                    return;
            }
        }
    }

    /// <summary>At a '#': skips to the end of the line, rejecting control characters.</summary>
    private void SkipComment()
    {
        var text = _text;
        _pos++;
        while (_pos < text.Length)
        {
            var c = text[_pos];
            if (c is '\n' or '\r')
                return;
            if (IsForbiddenControl(c))
                throw Error(_pos, $"{DescribeChar(c)} is not allowed in a comment");
            _pos++;
        }
    }

    private int Peek() => _pos < _text.Length ? _text[_pos] : EndOfInput;

    private bool LookingAt(string expected) => _text.AsSpan(_pos).StartsWith(expected, StringComparison.Ordinal);

    /// <summary>Control characters TOML forbids everywhere except as escapes: all C0 but tab, and DEL.</summary>
    private static bool IsForbiddenControl(char c) => (c < 0x20 && c != '\t') || c == 0x7F;

    private void CheckSurrogates()
    {
        var text = _text;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!char.IsSurrogate(c))
                continue;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            throw Error(i, $"unpaired surrogate U+{(int)c:X4}: the text is not valid Unicode");
        }
    }

    private TomlException Error(int index, string reason) => new(_positions.At(index), reason, _sourceName);

    private TomlException Error(TomlPosition position, string reason) => new(position, reason, _sourceName);

    /// <summary>Names the character at <paramref name="index"/> for an error message.</summary>
    private string Describe(int index)
    {
        if (index >= _text.Length)
            return "the end of the document";
        var c = _text[index];
        if (char.IsHighSurrogate(c) && index + 1 < _text.Length && char.IsLowSurrogate(_text[index + 1]))
        {
            var scalar = char.ConvertToUtf32(c, _text[index + 1]);
            return string.Create(CultureInfo.InvariantCulture, $"'{_text.AsSpan(index, 2)}' (U+{scalar:X4})");
        }

        return DescribeChar(c);
    }

    private static string DescribeChar(char c) => c switch
    {
        '\n' => "the end of the line",
        '\r' => "a carriage return",
        '\t' => "a tab",
        ' ' => "a space",
        '\'' => "\"'\"",
        '\uFEFF' => "a byte-order mark (U+FEFF), which is allowed only at the very start of the document",
        _ when IsForbiddenControl(c) => string.Create(CultureInfo.InvariantCulture, $"control character U+{(int)c:X4}"),
        _ when c < 0x7F => $"'{c}'",
        _ => string.Create(CultureInfo.InvariantCulture, $"'{c}' (U+{(int)c:X4})"),
    };
}
