using System.Globalization;
using System.Text;

namespace Edge.Config.Toml;

/// <summary>
/// The four string forms. Multi-line strings drop a newline right after the opening delimiter,
/// and store every newline as "\n" (a CRLF file and an LF file give the same value, as the
/// spec allows), so a config behaves the same whatever editor saved it.
/// </summary>
internal sealed partial class TomlReader
{
    /// <summary>At a '"': reads a single-line basic string.</summary>
    private string ReadBasicString()
    {
        var text = _text;
        _pos++;
        var start = _pos;

        // Most strings have no escapes: slice them straight out of the text.
        while (_pos < text.Length)
        {
            var c = text[_pos];
            if (c == '"')
            {
                _pos++;
                return text.Substring(start, _pos - 1 - start);
            }

            if (c == '\\')
                break;
            CheckStringChar(c, multiline: false);
            _pos++;
        }

        var value = _builder.Clear().Append(text, start, _pos - start);
        while (true)
        {
            if (_pos >= text.Length)
                throw Error(_pos, "unterminated string: expected '\"' before the end of the document");
            var c = text[_pos];
            if (c == '"')
            {
                _pos++;
                return value.ToString();
            }

            if (c == '\\')
            {
                ReadEscape(value);
                continue;
            }

            CheckStringChar(c, multiline: false);
            value.Append(c);
            _pos++;
        }
    }

    /// <summary>At a "'": reads a single-line literal string (no escapes).</summary>
    private string ReadLiteralString()
    {
        var text = _text;
        _pos++;
        var start = _pos;
        while (_pos < text.Length)
        {
            var c = text[_pos];
            if (c == '\'')
            {
                _pos++;
                return text.Substring(start, _pos - 1 - start);
            }

            CheckStringChar(c, multiline: false, quote: '\'');
            _pos++;
        }

        throw Error(_pos, "unterminated string: expected \"'\" before the end of the document");
    }

    /// <summary>At '"""': reads a multi-line basic string.</summary>
    private string ReadMultilineBasicString()
    {
        var text = _text;
        var open = _positions.At(_pos);
        _pos += 3;
        SkipNewlineAfterOpeningDelimiter();
        var value = _builder.Clear();
        while (true)
        {
            var runStart = _pos;
            while (_pos < text.Length && text[_pos] is not ('"' or '\\' or '\r') && !IsForbiddenControl(text[_pos], allowLineFeed: true))
                _pos++;
            value.Append(text, runStart, _pos - runStart);

            if (_pos >= text.Length)
                throw Error(_pos, $"unterminated multi-line string: expected '\"\"\"' to close the string opened at {open}");

            switch (text[_pos])
            {
                case '"':
                    if (ReadQuotesOrClose(value, '"'))
                        return value.ToString();
                    break;
                case '\\':
                    if (_pos + 1 < text.Length && text[_pos + 1] is ' ' or '\t' or '\n' or '\r')
                        SkipLineEndingBackslash();
                    else
                        ReadEscape(value);
                    break;
                case '\r':
                    ExpectLineFeedAfterCarriageReturn();
                    value.Append('\n');
                    break;
                default:
                    CheckStringChar(text[_pos], multiline: true);
                    break;
            }
        }
    }

    /// <summary>At "'''": reads a multi-line literal string.</summary>
    private string ReadMultilineLiteralString()
    {
        var text = _text;
        var open = _positions.At(_pos);
        _pos += 3;
        SkipNewlineAfterOpeningDelimiter();
        var value = _builder.Clear();
        while (true)
        {
            var runStart = _pos;
            while (_pos < text.Length && text[_pos] is not ('\'' or '\r') && !IsForbiddenControl(text[_pos], allowLineFeed: true))
                _pos++;
            value.Append(text, runStart, _pos - runStart);

            if (_pos >= text.Length)
                throw Error(_pos, $"unterminated multi-line string: expected \"'''\" to close the string opened at {open}");

            switch (text[_pos])
            {
                case '\'':
                    if (ReadQuotesOrClose(value, '\''))
                        return value.ToString();
                    break;
                case '\r':
                    ExpectLineFeedAfterCarriageReturn();
                    value.Append('\n');
                    break;
                default:
                    CheckStringChar(text[_pos], multiline: true, quote: '\'');
                    break;
            }
        }
    }

    private void SkipNewlineAfterOpeningDelimiter()
    {
        if (Peek() == '\n')
            _pos++;
        else if (Peek() == '\r' && _pos + 1 < _text.Length && _text[_pos + 1] == '\n')
            _pos += 2;
    }

    /// <summary>
    /// At a quote inside a multi-line string. One or two quotes are content; three close the
    /// string, and up to two more right before them are content too (""""" ends with "").
    /// Returns true when the string was closed.
    /// </summary>
    private bool ReadQuotesOrClose(StringBuilder value, char quote)
    {
        var start = _pos;
        while (_pos < _text.Length && _text[_pos] == quote)
            _pos++;
        var count = _pos - start;
        if (count < 3)
        {
            value.Append(quote, count);
            return false;
        }

        if (count > 5)
            throw Error(start + 5, $"too many quotes: a multi-line string can end with at most two {quote} before its closing delimiter");
        value.Append(quote, count - 3);
        return true;
    }

    /// <summary>
    /// At a backslash followed by whitespace in a multi-line basic string: the backslash must end
    /// its line, and it swallows that newline and all whitespace and newlines after it.
    /// </summary>
    private void SkipLineEndingBackslash()
    {
        var backslash = _pos;
        _pos++;
        SkipWhitespace();
        if (Peek() is not ('\n' or '\r'))
            throw Error(backslash, "a backslash followed by spaces must be the last thing on its line; write \\\\ for a backslash");

        while (true)
        {
            SkipWhitespace();
            switch (Peek())
            {
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

    /// <summary>At a backslash in a basic string: appends the escaped character.</summary>
    private void ReadEscape(StringBuilder value)
    {
        var backslash = _pos;
        _pos++;
        if (_pos >= _text.Length)
            throw Error(_pos, "unterminated string: expected an escape after the backslash");

        var c = _text[_pos];
        _pos++;
        switch (c)
        {
            case 'b': value.Append('\b'); break;
            case 't': value.Append('\t'); break;
            case 'n': value.Append('\n'); break;
            case 'f': value.Append('\f'); break;
            case 'r': value.Append('\r'); break;
            case '"': value.Append('"'); break;
            case '\\': value.Append('\\'); break;
            case 'u': AppendUnicodeEscape(value, backslash, 4); break;
            case 'U': AppendUnicodeEscape(value, backslash, 8); break;
            case '\n' or '\r':
                throw Error(backslash, "a backslash at the end of a line is allowed only in a multi-line string (\"\"\"); write \\\\ for a backslash");
            default:
                var shown = c is > ' ' and < (char)0x7F ? $"'\\{c}'" : $"(a backslash followed by {DescribeChar(c)})";
                throw Error(backslash, $"invalid escape sequence {shown}; use \\\\ for a backslash, or one of \\b \\t \\n \\f \\r \\\" \\uXXXX \\UXXXXXXXX");
        }
    }

    private void AppendUnicodeEscape(StringBuilder value, int backslash, int digits)
    {
        uint scalar = 0;
        for (var i = 0; i < digits; i++)
        {
            var c = _pos < _text.Length ? _text[_pos] : '\0';
            if (!char.IsAsciiHexDigit(c))
                throw Error(_pos, $"\\{_text[backslash + 1]} must be followed by exactly {digits} hexadecimal digits");
            scalar = (scalar << 4) | (uint)HexValue(c);
            _pos++;
        }

        if (!Rune.IsValid(scalar))
        {
            var escape = _text.AsSpan(backslash, _pos - backslash);
            throw Error(backslash, $"{escape} is not a Unicode scalar value (surrogates D800-DFFF and values above 10FFFF cannot be escaped)");
        }

        Span<char> utf16 = stackalloc char[2];
        var length = new Rune(scalar).EncodeToUtf16(utf16);
        value.Append(utf16[..length]);
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    /// <summary>Rejects the characters a string may not hold literally, with the reason.</summary>
    private void CheckStringChar(char c, bool multiline, char quote = '"')
    {
        if (!IsForbiddenControl(c, allowLineFeed: multiline))
            return;
        if (!multiline && (c == '\n' || (c == '\r' && _pos + 1 < _text.Length && _text[_pos + 1] == '\n')))
        {
            var delimiter = quote == '"' ? "\"\"\"" : "'''";
            throw Error(_pos, $"unterminated string: expected {(quote == '"' ? "'\"'" : "\"'\"")} before the end of the line (use {delimiter} for a multi-line string)");
        }

        var hint = quote == '"' ? string.Create(CultureInfo.InvariantCulture, $"; write it as \\u{(int)c:X4}") : "; use a basic string \"...\" with an escape";
        throw Error(_pos, $"{DescribeChar(c)} is not allowed in a string{hint}");
    }

    private static bool IsForbiddenControl(char c, bool allowLineFeed) =>
        IsForbiddenControl(c) && !(allowLineFeed && c == '\n');
}
