using System.Globalization;

namespace Edge.Config.Toml;

/// <summary>
/// Integers and floats. The token (up to the next delimiter) is checked character by character
/// against the TOML grammar, so an error names the exact character that is wrong; only then is
/// the value computed, with int64 overflow an error rather than a wrap.
/// </summary>
internal sealed partial class TomlReader
{
    private TomlNode ReadNumberOrDateTime()
    {
        var start = _pos;
        if (char.IsAsciiDigit(_text[start]))
        {
            // Dates start with four digits and '-', times with two digits and ':'.
            if (IsDigits(start, 4) && CharAt(start + 4) == '-')
                return ReadDateOrDateTime();
            if (IsDigits(start, 2) && CharAt(start + 2) == ':')
                return ReadLocalTime();
        }

        return ReadNumber();
    }

    private TomlNode ReadNumber()
    {
        var text = _text;
        var start = _pos;
        var end = start;
        while (!IsValueEnd(end))
            end++;

        var p = start;
        var negative = false;
        if (text[p] is '+' or '-')
        {
            negative = text[p] == '-';
            p++;
        }

        var body = text.AsSpan(p, end - p);
        if (body is "inf" or "nan")
        {
            var position = _positions.At(start);
            _pos = end;
            var special = body[0] == 'i' ? (negative ? double.NegativeInfinity : double.PositiveInfinity) : double.NaN;
            return new TomlFloat(position, special);
        }

        if (body.IsEmpty || !char.IsAsciiDigit(body[0]))
        {
            CheckSpecialFloatSuffix(body, p);
            throw InvalidValue(start);
        }

        if (body.Length >= 2 && body[0] == '0' && body[1] is 'x' or 'o' or 'b')
        {
            var radix = body[1] switch { 'x' => 16, 'o' => 8, _ => 2 };
            if (p != start)
                throw Error(start, $"{RadixName(radix)} integers cannot have a sign");
            return ReadRadixInteger(start, end, radix);
        }

        var intStart = p;
        ReadDigitGroup(ref p, end, "in the number");
        if (p - intStart > 1 && text[intStart] == '0')
            throw Error(intStart, "leading zeros are not allowed in a decimal number");

        var isFloat = false;
        if (p < end && text[p] == '.')
        {
            p++;
            isFloat = true;
            ReadDigitGroup(ref p, end, "after the decimal point");
        }

        if (p < end && text[p] is 'e' or 'E')
        {
            p++;
            isFloat = true;
            if (p < end && text[p] is '+' or '-')
                p++;
            ReadDigitGroup(ref p, end, "in the exponent");
        }

        if (p < end)
            throw Error(p, $"unexpected {Describe(p)} in the number");

        var at = _positions.At(start);
        _pos = end;
        return isFloat ? new TomlFloat(at, ParseFloat(start, end)) : new TomlInteger(at, ParseDecimal(start, end, negative));
    }

    /// <summary>One or more digits with single underscores between digits: 1_000, not _1, 1_, 1__0.</summary>
    private void ReadDigitGroup(ref int p, int end, string where)
    {
        var text = _text;
        if (p >= end || !char.IsAsciiDigit(text[p]))
        {
            throw Error(p, p < end && text[p] == '_'
                ? "an underscore in a number must be between two digits"
                : $"expected a digit {where}, found {Describe(p)}");
        }

        while (p < end)
        {
            if (char.IsAsciiDigit(text[p]))
                p++;
            else if (text[p] == '_' && p + 1 < end && char.IsAsciiDigit(text[p + 1]))
                p += 2;
            else if (text[p] == '_')
                throw Error(p, "an underscore in a number must be between two digits");
            else
                return;
        }
    }

    private TomlInteger ReadRadixInteger(int start, int end, int radix)
    {
        var text = _text;
        var p = start + 2;
        var shift = radix switch { 16 => 4, 8 => 3, _ => 1 };
        ulong value = 0;
        var expectDigit = true;
        for (; p < end; p++)
        {
            var c = text[p];
            if (c == '_' && !expectDigit && p + 1 < end && text[p + 1] != '_')
            {
                expectDigit = true;
                continue;
            }

            var digit = DigitValue(c);
            if (digit < 0 || digit >= radix)
            {
                throw Error(p, c == '_'
                    ? "an underscore in a number must be between two digits"
                    : $"unexpected {Describe(p)} in the {RadixName(radix)} integer");
            }

            // Any bit shifted out, or into the sign bit, is beyond int64.
            if (value > (ulong)long.MaxValue >> shift)
                throw OutOfRange(start, end);
            value = (value << shift) | (uint)digit;
            expectDigit = false;
        }

        if (expectDigit)
        {
            throw Error(p, p == start + 2
                ? $"expected a digit after '{text.AsSpan(start, 2)}'"
                : "an underscore in a number must be between two digits");
        }

        var position = _positions.At(start);
        _pos = end;
        return new TomlInteger(position, (long)value);
    }

    private long ParseDecimal(int start, int end, bool negative)
    {
        // Accumulate the magnitude unsigned: -9223372036854775808 has no positive twin.
        var limit = negative ? 1UL << 63 : long.MaxValue;
        ulong magnitude = 0;
        for (var p = start; p < end; p++)
        {
            var c = _text[p];
            if (!char.IsAsciiDigit(c))
                continue;
            var digit = (uint)(c - '0');
            if (magnitude > (limit - digit) / 10)
                throw OutOfRange(start, end);
            magnitude = (magnitude * 10) + digit;
        }

        return negative ? unchecked(-(long)magnitude) : (long)magnitude;
    }

    private double ParseFloat(int start, int end)
    {
        // double.Parse does not know TOML's underscores; copy the token without them.
        var length = end - start;
        Span<char> digits = length <= 128 ? stackalloc char[length] : new char[length];
        var count = 0;
        foreach (var c in _text.AsSpan(start, length))
        {
            if (c != '_')
                digits[count++] = c;
        }

        var value = double.Parse(digits[..count], NumberStyles.Float, CultureInfo.InvariantCulture);
        if (double.IsInfinity(value))
            throw Error(start, $"the float {_text.AsSpan(start, length)} is too large for a 64-bit float; write inf for infinity");
        return value;
    }

    private TomlException OutOfRange(int start, int end) =>
        Error(start, $"the integer {_text.AsSpan(start, end - start)} does not fit in 64 bits (-9223372036854775808 to 9223372036854775807)");

    private static int DigitValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    private static string RadixName(int radix) => radix switch { 16 => "hexadecimal", 8 => "octal", _ => "binary" };

    /// <summary>
    /// At a value that starts like inf or nan and goes on with a non-letter ("inf_", "nan0"):
    /// names the extra character. A word ("infinity") gets the "must be in quotes" hint instead.
    /// </summary>
    private void CheckSpecialFloatSuffix(ReadOnlySpan<char> body, int bodyStart)
    {
        foreach (var word in (ReadOnlySpan<string>)["inf", "nan"])
        {
            if (body.Length > word.Length && body.StartsWith(word, StringComparison.Ordinal) && !char.IsAsciiLetter(body[word.Length]))
                throw Error(bodyStart + word.Length, $"unexpected {Describe(bodyStart + word.Length)} after {word}");
        }
    }

    private bool IsDigits(int start, int count)
    {
        if (start + count > _text.Length)
            return false;
        foreach (var c in _text.AsSpan(start, count))
        {
            if (!char.IsAsciiDigit(c))
                return false;
        }

        return true;
    }

    private int CharAt(int index) => index < _text.Length ? _text[index] : EndOfInput;
}
