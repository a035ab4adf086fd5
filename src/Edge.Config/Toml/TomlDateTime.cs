using System.Globalization;
using System.Text;

namespace Edge.Config.Toml;

/// <summary>
/// One of TOML's four date/time values: offset date-time, local date-time, local date or local
/// time. <see cref="Date"/>, <see cref="Time"/> and <see cref="Offset"/> are set according to
/// <see cref="Kind"/>. The fractional seconds are also kept exactly as written
/// (<see cref="FractionDigits"/>), because <see cref="TimeOnly"/> stops at 100 ns and TOML allows
/// any number of digits.
/// </summary>
public sealed class TomlDateTime : TomlNode
{
    private readonly TomlValueKind _kind;

    // How the offset was written: 'Z' for Z or z, '+' or '-' for a numeric offset. Kept so that
    // ToString gives back "-00:00" and "Z" as the source had them (their TimeSpan is the same).
    private readonly char _offsetSign;

    internal TomlDateTime(
        TomlPosition position,
        TomlValueKind kind,
        DateOnly? date,
        TimeOnly? time,
        string fractionDigits,
        TimeSpan? offset,
        char offsetSign)
        : base(position)
    {
        _kind = kind;
        Date = date;
        Time = time;
        FractionDigits = fractionDigits;
        Offset = offset;
        _offsetSign = offsetSign;
    }

    /// <summary>One of OffsetDateTime, LocalDateTime, LocalDate, LocalTime.</summary>
    public override TomlValueKind Kind => _kind;

    /// <summary>The date; null for a local time.</summary>
    public DateOnly? Date { get; }

    /// <summary>The time of day, fraction truncated to 100 ns; null for a local date.</summary>
    public TimeOnly? Time { get; }

    /// <summary>The UTC offset; set only for an offset date-time ("Z" is zero).</summary>
    public TimeSpan? Offset { get; }

    /// <summary>The digits after the seconds' decimal point as written ("" when there were none).</summary>
    public string FractionDigits { get; }

    /// <summary>The fractional second in nanoseconds, truncated (TOML requires truncation, not rounding).</summary>
    public int Nanosecond
    {
        get
        {
            var value = 0;
            for (var i = 0; i < 9; i++)
                value = (value * 10) + (i < FractionDigits.Length ? FractionDigits[i] - '0' : 0);
            return value;
        }
    }

    /// <summary>True when the offset was written as Z (or z) rather than as +HH:MM.</summary>
    public bool IsUtcDesignator => _offsetSign == 'Z';

    /// <summary>
    /// The value as a <see cref="DateTimeOffset"/>; only for an offset date-time. Throws
    /// <see cref="ArgumentOutOfRangeException"/> for the few instants .NET cannot hold
    /// (e.g. 0001-01-01T00:00:00+01:00, which is before DateTimeOffset.MinValue in UTC).
    /// </summary>
    public DateTimeOffset ToDateTimeOffset() =>
        _kind == TomlValueKind.OffsetDateTime
            ? new DateTimeOffset(Date!.Value, Time!.Value, Offset!.Value)
            : throw new InvalidOperationException($"a {_kind} has no offset");

    /// <summary>The date and time with <see cref="DateTimeKind.Unspecified"/>; for an offset or local date-time.</summary>
    public DateTime ToDateTime() =>
        _kind is TomlValueKind.OffsetDateTime or TomlValueKind.LocalDateTime
            ? Date!.Value.ToDateTime(Time!.Value, DateTimeKind.Unspecified)
            : throw new InvalidOperationException($"a {_kind} is not a date and time");

    /// <summary>
    /// The toml-test canonical text: RFC 3339 with 'T', seconds always present, the fraction only
    /// when the source had one and then at least 3 digits (".6" prints ".600"), and the offset as
    /// written ("Z" or "+HH:MM").
    /// </summary>
    public override string ToString()
    {
        var text = new StringBuilder(40);
        if (Date is { } date)
        {
            text.Append(CultureInfo.InvariantCulture, $"{date.Year:D4}-{date.Month:D2}-{date.Day:D2}");
            if (Time is not null)
                text.Append('T');
        }

        if (Time is { } time)
        {
            text.Append(CultureInfo.InvariantCulture, $"{time.Hour:D2}:{time.Minute:D2}:{time.Second:D2}");
            if (FractionDigits.Length > 0)
            {
                text.Append('.').Append(FractionDigits);
                text.Append('0', Math.Max(0, 3 - FractionDigits.Length));
            }
        }

        if (Offset is { } offset)
        {
            if (_offsetSign == 'Z')
            {
                text.Append('Z');
            }
            else
            {
                var minutes = Math.Abs((int)offset.TotalMinutes);
                text.Append(_offsetSign)
                    .Append(CultureInfo.InvariantCulture, $"{minutes / 60:D2}:{minutes % 60:D2}");
            }
        }

        return text.ToString();
    }
}
