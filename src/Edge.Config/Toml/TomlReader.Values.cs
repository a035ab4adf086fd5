namespace Edge.Config.Toml;

/// <summary>Values: dispatch on the first character, arrays, inline tables and booleans.</summary>
internal sealed partial class TomlReader
{
    /// <summary>
    /// Reads the value that starts at the current position. <paramref name="depth"/> is how deep
    /// the value would sit if it is an array or inline table; recursion stops at the cap.
    /// </summary>
    private TomlNode ReadValue(int depth)
    {
        var start = _pos;
        var c = Peek();
        switch (c)
        {
            case '"':
            {
                var position = _positions.At(start);
                return new TomlString(position, LookingAt("\"\"\"") ? ReadMultilineBasicString() : ReadBasicString());
            }

            case '\'':
            {
                var position = _positions.At(start);
                return new TomlString(position, LookingAt("'''") ? ReadMultilineLiteralString() : ReadLiteralString());
            }

            case '[':
                return ReadArray(depth);
            case '{':
                return ReadInlineTable(depth);
            case 't' or 'f':
                return ReadBoolean();
            case >= '0' and <= '9' or '+' or '-' or 'i' or 'n':
                return ReadNumberOrDateTime();
            default:
                throw InvalidValue(start);
        }
    }

    private TomlBoolean ReadBoolean()
    {
        var start = _pos;
        foreach (var (word, value) in (ReadOnlySpan<(string, bool)>)[("true", true), ("false", false)])
        {
            if (LookingAt(word) && IsValueEnd(start + word.Length))
            {
                var position = _positions.At(start);
                _pos += word.Length;
                return new TomlBoolean(position, value);
            }
        }

        throw InvalidValue(start);
    }

    private TomlArray ReadArray(int depth)
    {
        var open = _pos;
        var position = _positions.At(open);
        CheckDepth(depth, position);
        var array = new TomlArray(position, isArrayOfTables: false, depth);
        _pos++;
        while (true)
        {
            SkipWhitespaceCommentsAndNewlines();
            var c = Peek();
            if (c == ']')
                break;
            if (c == EndOfInput)
                throw Error(_pos, $"unterminated array: expected ']' to close the array opened at {position}");

            array.Add(ReadValue(depth + 1));

            SkipWhitespaceCommentsAndNewlines();
            c = Peek();
            if (c == ',')
            {
                _pos++;
                continue;
            }

            if (c == ']')
                break;
            if (c == EndOfInput)
                throw Error(_pos, $"unterminated array: expected ']' to close the array opened at {position}");
            throw Error(_pos, $"expected ',' or ']' after an array element, found {Describe(_pos)}");
        }

        _pos++;
        return array;
    }

    /// <summary>
    /// Reads { key = value, ... }. TOML 1.0.0 inline tables sit on one line and have no trailing
    /// comma; once the '}' is read the table is complete (its origin says so to later keys).
    /// </summary>
    private TomlTable ReadInlineTable(int depth)
    {
        var position = _positions.At(_pos);
        CheckDepth(depth, position);
        var table = new TomlTable(position, TomlTableOrigin.Inline, isInline: true, depth);
        _pos++;
        SkipWhitespace();
        if (Peek() == '}')
        {
            _pos++;
            return table;
        }

        while (true)
        {
            ExpectInlineTableContinues(position);
            ReadKeyValue(table);
            SkipWhitespace();
            var c = Peek();
            if (c == '}')
            {
                _pos++;
                return table;
            }

            if (c != ',')
            {
                ExpectInlineTableContinues(position);
                throw Error(_pos, $"expected ',' or '}}' in the inline table, found {Describe(_pos)}");
            }

            var comma = _pos;
            _pos++;
            SkipWhitespace();
            if (Peek() == '}')
                throw Error(comma, "a trailing comma is not allowed in an inline table (TOML 1.0.0)");
        }
    }

    /// <summary>Gives the specific message when an inline table runs into a line end or the document end.</summary>
    private void ExpectInlineTableContinues(TomlPosition open)
    {
        switch (Peek())
        {
            case EndOfInput:
                throw Error(_pos, $"unterminated inline table: expected '}}' to close the table opened at {open}");
            case '\n' or '\r' or '#':
                throw Error(_pos, $"an inline table must be closed on the line it starts (opened at {open}); use a [table] header for a multi-line table");
        }
    }

    /// <summary>True when a value token ends at <paramref name="index"/>.</summary>
    private bool IsValueEnd(int index) =>
        index >= _text.Length || _text[index] is ' ' or '\t' or '\n' or '\r' or ',' or ']' or '}' or '#';

    /// <summary>The error for text that is not a value at all, with the mistakes people actually make named.</summary>
    private TomlException InvalidValue(int start)
    {
        if (IsValueEnd(start) || _text[start] is < ' ' or > '~')
            return Error(start, $"expected a value, found {Describe(start)}");

        // Quote at most a short stretch of the offending text, never a control character.
        var end = start;
        while (!IsValueEnd(end) && !IsForbiddenControl(_text[end]) && (end - start < 40 || char.IsLowSurrogate(_text[end])))
            end++;
        var token = _text.AsSpan(start, end - start);
        var hint =
            token.Equals("true", StringComparison.OrdinalIgnoreCase) || token.Equals("false", StringComparison.OrdinalIgnoreCase)
                ? "; booleans are written in lower case: true or false"
            : char.IsAsciiLetter(token[0]) || token[0] is '/' ? "; a string must be in quotes"
            : token.TrimStart("+-").StartsWith('.') ? "; a float needs a digit before the decimal point, as in 0.5"
            : "";
        return Error(start, $"invalid value '{token}'{hint}");
    }
}
