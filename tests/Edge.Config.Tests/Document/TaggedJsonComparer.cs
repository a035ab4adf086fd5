using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Edge.Config;
using TomlDecoder;

namespace Edge.Config.Tests.Document;

/// <summary>
/// toml-test's comparison rules (see the suite's README): tables by key set, arrays in order,
/// tagged values by type and by value, where floats are compared as numbers (nan equals nan) and
/// date-times as parsed values. Stricter than upstream in two places the README allows: the
/// sign of zero and the UTC offset of a date-time must match too.
/// Returns null when equal, else the first difference with its JSON path.
/// </summary>
internal static partial class TaggedJsonComparer
{
    /// <summary>Compares expected tagged JSON with the decoder program's tagged JSON.</summary>
    public static string? Compare(JsonElement expected, JsonElement actual, string path = "$")
    {
        if (IsTagged(expected, out var type, out var text))
        {
            if (!IsTagged(actual, out var actualType, out var actualText))
                return $"{path}: expected a {type} value, got {actual.ValueKind}";
            return CompareScalar(path, type, text, actualType, actualText);
        }

        if (IsTagged(actual, out var gotType, out _))
            return $"{path}: expected {expected.ValueKind}, got a {gotType} value";

        switch (expected.ValueKind)
        {
            case JsonValueKind.Object when actual.ValueKind == JsonValueKind.Object:
            {
                var expectedKeys = expected.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                var actualKeys = actual.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                var keyProblem = CompareKeys(path, expectedKeys, actualKeys);
                if (keyProblem is not null)
                    return keyProblem;
                foreach (var property in expected.EnumerateObject())
                {
                    var problem = Compare(property.Value, actual.GetProperty(property.Name), $"{path}.{property.Name}");
                    if (problem is not null)
                        return problem;
                }

                return null;
            }

            case JsonValueKind.Array when actual.ValueKind == JsonValueKind.Array:
            {
                if (expected.GetArrayLength() != actual.GetArrayLength())
                    return $"{path}: expected {expected.GetArrayLength()} elements, got {actual.GetArrayLength()}";
                var i = 0;
                foreach (var (e, a) in expected.EnumerateArray().Zip(actual.EnumerateArray()))
                {
                    var problem = Compare(e, a, $"{path}[{i++}]");
                    if (problem is not null)
                        return problem;
                }

                return null;
            }

            default:
                return $"{path}: expected {expected.ValueKind}, got {actual.ValueKind}";
        }
    }

    /// <summary>Compares expected tagged JSON with the parser's tree directly (the in-process suite).</summary>
    public static string? Compare(JsonElement expected, ConfigNode actual, string path = "$")
    {
        if (IsTagged(expected, out var type, out var text))
        {
            if (actual is not ConfigValue value)
                return $"{path}: expected a {type} value, got {actual.Kind}";
            var (actualType, actualText) = TaggedJson.Tag(value);
            return CompareScalar(path, type, text, actualType, actualText);
        }

        switch (expected.ValueKind)
        {
            case JsonValueKind.Object when actual is ConfigTable table:
            {
                var expectedKeys = expected.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                var keyProblem = CompareKeys(path, expectedKeys, table.Keys.ToHashSet(StringComparer.Ordinal));
                if (keyProblem is not null)
                    return keyProblem;
                foreach (var property in expected.EnumerateObject())
                {
                    var problem = Compare(property.Value, table[property.Name], $"{path}.{property.Name}");
                    if (problem is not null)
                        return problem;
                }

                return null;
            }

            case JsonValueKind.Array when actual is ConfigArray array:
            {
                if (expected.GetArrayLength() != array.Count)
                    return $"{path}: expected {expected.GetArrayLength()} elements, got {array.Count}";
                var i = 0;
                foreach (var e in expected.EnumerateArray())
                {
                    var problem = Compare(e, array[i], $"{path}[{i}]");
                    if (problem is not null)
                        return problem;
                    i++;
                }

                return null;
            }

            default:
                return $"{path}: expected {expected.ValueKind}, got {actual.Kind}";
        }
    }

    private static string? CompareKeys(string path, HashSet<string> expected, HashSet<string> actual)
    {
        var missing = expected.Except(actual).ToList();
        var extra = actual.Except(expected).ToList();
        if (missing.Count == 0 && extra.Count == 0)
            return null;
        return $"{path}: missing keys [{string.Join(", ", missing)}], unexpected keys [{string.Join(", ", extra)}]";
    }

    /// <summary>The README's rule: an object with exactly the keys "type" and "value", "type" a string.</summary>
    private static bool IsTagged(JsonElement element, out string type, out string value)
    {
        type = value = "";
        if (element.ValueKind != JsonValueKind.Object || element.EnumerateObject().Count() != 2)
            return false;
        if (!element.TryGetProperty("type", out var t) || t.ValueKind != JsonValueKind.String)
            return false;
        if (!element.TryGetProperty("value", out var v) || v.ValueKind != JsonValueKind.String)
            return false;
        type = t.GetString()!;
        value = v.GetString()!;
        return true;
    }

    private static string? CompareScalar(string path, string type, string expectedText, string actualType, string actualText)
    {
        if (type != actualType)
            return $"{path}: expected type {type}, got {actualType} ({actualText})";
        var expected = Parse(type, expectedText);
        var actual = Parse(type, actualText);
        if (expected is null)
            return $"{path}: cannot read the expected {type} \"{expectedText}\"";
        if (actual is null)
            return $"{path}: cannot read the decoder's {type} \"{actualText}\"";
        return ValuesEqual(expected, actual) ? null : $"{path}: expected {type} {expectedText}, got {actualText}";
    }

    private static bool ValuesEqual(object expected, object actual) => (expected, actual) switch
    {
        (double e, double a) => (double.IsNaN(e) && double.IsNaN(a)) || (e == a && double.IsNegative(e) == double.IsNegative(a)),
        _ => expected.Equals(actual),
    };

    /// <summary>The typed value of a tagged text, or null when the text is not of that type.</summary>
    private static object? Parse(string type, string text)
    {
        switch (type)
        {
            case "string":
                return text;
            case "integer":
                return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) ? integer : null;
            case "bool":
                return text.ToLowerInvariant() switch { "true" => true, "false" => false, _ => null };
            case "float":
            {
                var lower = text.ToLowerInvariant();
                var unsigned = lower.TrimStart('+', '-');
                if (unsigned == "nan")
                    return double.NaN;
                if (unsigned == "inf")
                    return lower.StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity;
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null;
            }

            case "datetime" or "datetime-local" or "date-local" or "time-local":
                return ParseDateTime(type, text);
            default:
                return null;
        }
    }

    private static DateTimeValue? ParseDateTime(string type, string text)
    {
        var match = DateTimePattern().Match(text);
        if (!match.Success)
            return null;
        var hasDate = match.Groups["date"].Success;
        var hasTime = match.Groups["time"].Success;
        var hasOffset = match.Groups["offset"].Success;
        var shapeOk = type switch
        {
            "datetime" => hasDate && hasTime && hasOffset,
            "datetime-local" => hasDate && hasTime && !hasOffset,
            "date-local" => hasDate && !hasTime && !hasOffset,
            _ => !hasDate && hasTime && !hasOffset,
        };
        if (!shapeOk)
            return null;

        DateOnly? date = hasDate
            ? new DateOnly(Int(match, "year"), Int(match, "month"), Int(match, "day"))
            : null;
        TimeOnly? time = null;
        if (hasTime)
        {
            var fraction = match.Groups["fraction"].Value.PadRight(7, '0')[..7];
            time = new TimeOnly(Int(match, "hour"), Int(match, "minute"), Int(match, "second"))
                .Add(TimeSpan.FromTicks(long.Parse(fraction, CultureInfo.InvariantCulture)));
        }

        int? offsetMinutes = null;
        if (hasOffset)
        {
            var offset = match.Groups["offset"].Value;
            offsetMinutes = offset is "Z" or "z"
                ? 0
                : (offset[0] == '-' ? -1 : 1) * ((int.Parse(offset[1..3], CultureInfo.InvariantCulture) * 60) + int.Parse(offset[4..6], CultureInfo.InvariantCulture));
        }

        return new DateTimeValue(date, time, offsetMinutes);
    }

    private static int Int(Match match, string group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<date>(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2}))?(?:(?<=\d)[Tt ])?(?<time>(?<hour>\d{2}):(?<minute>\d{2}):(?<second>\d{2})(?:\.(?<fraction>\d+))?)?(?<offset>[Zz]|[+-]\d{2}:\d{2})?$")]
    private static partial Regex DateTimePattern();

    private sealed record DateTimeValue(DateOnly? Date, TimeOnly? Time, int? OffsetMinutes);
}
