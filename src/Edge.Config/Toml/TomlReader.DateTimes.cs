namespace Edge.Config.Toml;

/// <summary>
/// The four RFC 3339 based forms: 1979-05-27T07:32:00Z, 1979-05-27T07:32:00, 1979-05-27 and
/// 07:32:00. Fields are fixed-width and range-checked (including leap years). Two deliberate
/// limits, both far outside any config: years start at 0001 (as DateOnly does) and a leap
/// second (:60) is rejected, since TimeOnly cannot hold it.
/// </summary>
internal sealed partial class TomlReader
{
    private const string DateFormat = "a date (YYYY-MM-DD)";
    private const string TimeFormat = "a time (HH:MM:SS)";

    private TomlDateTime ReadDateOrDateTime()
    {
        var start = _pos;
        var position = _positions.At(start);
        var year = ReadFixedDigits(4, DateFormat);
        ExpectDateTimeChar('-', DateFormat);
        var monthAt = _pos;
        var month = ReadFixedDigits(2, DateFormat);
        ExpectDateTimeChar('-', DateFormat);
        var dayAt = _pos;
        var day = ReadFixedDigits(2, DateFormat);

        if (year == 0)
            throw Error(start, "year 0000 is not supported; dates start at 0001-01-01");
        if (month is < 1 or > 12)
            throw Error(monthAt, $"month {month:D2} is out of range (01 to 12)");
        if (day < 1 || day > DateTime.DaysInMonth(year, month))
            throw Error(dayAt, $"day {day:D2} is out of range for {year:D4}-{month:D2} (01 to {DateTime.DaysInMonth(year, month):D2})");
        var date = new DateOnly(year, month, day);

        // The date and time are joined by 'T', 't' or a space; a space followed by anything that
        // does not start a time ends a local date (so "1979-05-27 # comment" is fine).
        var separator = Peek();
        var joined = separator is 'T' or 't'
            || (separator == ' ' && IsDigits(_pos + 1, 2) && CharAt(_pos + 3) == ':');
        if (!joined)
        {
            ExpectDateTimeEnd(DateFormat);
            return new TomlDateTime(position, TomlValueKind.LocalDate, date, null, "", null, '\0');
        }

        _pos++;
        var (time, fraction) = ReadTime();

        var sign = Peek();
        if (sign is 'Z' or 'z')
        {
            _pos++;
            ExpectDateTimeEnd("a date-time");
            return new TomlDateTime(position, TomlValueKind.OffsetDateTime, date, time, fraction, TimeSpan.Zero, 'Z');
        }

        if (sign is '+' or '-')
        {
            _pos++;
            const string OffsetFormat = "a UTC offset (+HH:MM)";
            var hoursAt = _pos;
            var hours = ReadFixedDigits(2, OffsetFormat);
            ExpectDateTimeChar(':', OffsetFormat);
            var minutesAt = _pos;
            var minutes = ReadFixedDigits(2, OffsetFormat);
            if (hours > 23)
                throw Error(hoursAt, $"offset hour {hours:D2} is out of range (00 to 23)");
            if (minutes > 59)
                throw Error(minutesAt, $"offset minute {minutes:D2} is out of range (00 to 59)");
            ExpectDateTimeEnd("a date-time");
            var offset = new TimeSpan(hours, minutes, 0);
            return new TomlDateTime(position, TomlValueKind.OffsetDateTime, date, time, fraction, sign == '-' ? -offset : offset, (char)sign);
        }

        ExpectDateTimeEnd("a date-time");
        return new TomlDateTime(position, TomlValueKind.LocalDateTime, date, time, fraction, null, '\0');
    }

    private TomlDateTime ReadLocalTime()
    {
        var position = _positions.At(_pos);
        var (time, fraction) = ReadTime();
        ExpectDateTimeEnd(TimeFormat);
        return new TomlDateTime(position, TomlValueKind.LocalTime, null, time, fraction, null, '\0');
    }

    /// <summary>HH:MM:SS with an optional fraction of any length (kept as written, truncated to 100 ns).</summary>
    private (TimeOnly Time, string Fraction) ReadTime()
    {
        var hourAt = _pos;
        var hour = ReadFixedDigits(2, TimeFormat);
        ExpectDateTimeChar(':', TimeFormat);
        var minuteAt = _pos;
        var minute = ReadFixedDigits(2, TimeFormat);
        if (Peek() != ':')
            throw Error(_pos, "seconds are required in a TOML 1.0.0 time: write HH:MM:SS");
        _pos++;
        var secondAt = _pos;
        var second = ReadFixedDigits(2, TimeFormat);

        if (hour > 23)
            throw Error(hourAt, $"hour {hour:D2} is out of range (00 to 23)");
        if (minute > 59)
            throw Error(minuteAt, $"minute {minute:D2} is out of range (00 to 59)");
        if (second == 60)
            throw Error(secondAt, "leap seconds (:60) are not supported");
        if (second > 59)
            throw Error(secondAt, $"second {second:D2} is out of range (00 to 59)");

        var fraction = "";
        long ticks = 0;
        if (Peek() == '.')
        {
            _pos++;
            var fractionStart = _pos;
            while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
                _pos++;
            if (_pos == fractionStart)
                throw Error(_pos, $"expected digits after the '.' in the seconds, found {Describe(_pos)}");
            fraction = _text.Substring(fractionStart, _pos - fractionStart);

            // TOML asks for truncation, not rounding, beyond the supported precision (100 ns).
            for (var i = 0; i < 7; i++)
                ticks = (ticks * 10) + (i < fraction.Length ? fraction[i] - '0' : 0);
        }

        return (new TimeOnly(hour, minute, second).Add(TimeSpan.FromTicks(ticks)), fraction);
    }

    private int ReadFixedDigits(int count, string format)
    {
        var value = 0;
        for (var i = 0; i < count; i++)
        {
            var c = Peek();
            if (c is < '0' or > '9')
                throw Error(_pos, $"invalid {format[2..]}: expected a digit, found {Describe(_pos)}");
            value = (value * 10) + (c - '0');
            _pos++;
        }

        return value;
    }

    private void ExpectDateTimeChar(char expected, string format)
    {
        if (Peek() != expected)
            throw Error(_pos, $"invalid {format[2..]}: expected '{expected}', found {Describe(_pos)}");
        _pos++;
    }

    private void ExpectDateTimeEnd(string what)
    {
        if (!IsValueEnd(_pos))
            throw Error(_pos, $"unexpected {Describe(_pos)} after {what}");
    }
}
