using Edge.Config.Toml;

namespace Edge.Config.Tests.Toml;

/// <summary>Decoded values and the node model's shape (the toml-test suite covers the grammar broadly).</summary>
public sealed class TomlValueTests
{
    private static T Value<T>(string toml) where T : TomlNode => (T)TomlParser.Parse(toml)["v"];

    [Theory]
    [InlineData("v = 0", 0L)]
    [InlineData("v = -0", 0L)]
    [InlineData("v = +17", 17L)]
    [InlineData("v = 1_000_000", 1_000_000L)]
    [InlineData("v = 0xDEAD_beef", 0xDEADBEEFL)]
    [InlineData("v = 0o755", 493L)]
    [InlineData("v = 0b1101", 13L)]
    [InlineData("v = 0x7FFFFFFFFFFFFFFF", long.MaxValue)]
    [InlineData("v = 9223372036854775807", long.MaxValue)]
    [InlineData("v = -9223372036854775808", long.MinValue)]
    public void Integers(string toml, long expected) => Assert.Equal(expected, Value<TomlInteger>(toml).Value);

    [Theory]
    [InlineData("v = 3.14", 3.14)]
    [InlineData("v = 5e+22", 5e+22)]
    [InlineData("v = 1E6", 1e6)]
    [InlineData("v = 6.626e-34", 6.626e-34)]
    [InlineData("v = 224_617.445_991", 224617.445991)]
    [InlineData("v = 1e0_1", 1e1)]
    [InlineData("v = inf", double.PositiveInfinity)]
    [InlineData("v = -inf", double.NegativeInfinity)]
    [InlineData("v = -nan", double.NaN)]
    public void Floats(string toml, double expected) => Assert.Equal(expected, Value<TomlFloat>(toml).Value);

    [Fact]
    public void NegativeZero_KeepsItsSign()
    {
        Assert.True(double.IsNegative(Value<TomlFloat>("v = -0.0").Value));
        Assert.Equal("-0", Value<TomlFloat>("v = -0.0").ToString());
    }

    [Theory]
    [InlineData("v = \"a\\tb\\\"c\\\\d\\u00e9\\U0001F600\"", "a\tb\"c\\d\u00e9\U0001F600")]
    [InlineData("v = 'C:\\path\\to'", "C:\\path\\to")]
    [InlineData("v = \"\"\"\nline1\nline2\"\"\"", "line1\nline2")]
    [InlineData("v = \"\"\"\r\nline1\r\nline2\"\"\"", "line1\nline2")]
    [InlineData("v = \"\"\"one \\\n   \n   two\"\"\"", "one two")]
    [InlineData("v = \"\"\"x\"\"\"\"\"", "x\"\"")]
    [InlineData("v = '''\n'quoted' ''two'''''", "'quoted' ''two''")]
    [InlineData("v = \"\"", "")]
    public void Strings(string toml, string expected) => Assert.Equal(expected, Value<TomlString>(toml).Value);

    [Fact]
    public void OffsetDateTime_PartsAndCanonicalText()
    {
        var value = Value<TomlDateTime>("v = 1979-05-27 00:32:00.5z");

        Assert.Equal(TomlValueKind.OffsetDateTime, value.Kind);
        Assert.Equal(new DateOnly(1979, 5, 27), value.Date);
        Assert.Equal(new TimeOnly(0, 32, 0, 500), value.Time);
        Assert.Equal(TimeSpan.Zero, value.Offset);
        Assert.True(value.IsUtcDesignator);
        Assert.Equal("5", value.FractionDigits);
        Assert.Equal(500_000_000, value.Nanosecond);
        Assert.Equal("1979-05-27T00:32:00.500Z", value.ToString());
        Assert.Equal(new DateTimeOffset(1979, 5, 27, 0, 32, 0, 500, TimeSpan.Zero), value.ToDateTimeOffset());
    }

    [Fact]
    public void OffsetDateTime_NumericOffsetAndFinePrecision()
    {
        var value = Value<TomlDateTime>("v = 1979-05-27T00:32:00.123456789-07:30");

        Assert.Equal(TimeSpan.FromMinutes(-450), value.Offset);
        Assert.Equal(123_456_789, value.Nanosecond);
        Assert.Equal(TimeSpan.FromTicks(1_234_567), value.Time!.Value.ToTimeSpan() - new TimeSpan(0, 32, 0));
        Assert.Equal("1979-05-27T00:32:00.123456789-07:30", value.ToString());
        Assert.Equal("1979-05-27T00:32:00-00:00", Value<TomlDateTime>("v = 1979-05-27T00:32:00-00:00").ToString());
    }

    [Theory]
    [InlineData("v = 1979-05-27T07:32:00", TomlValueKind.LocalDateTime, "1979-05-27T07:32:00")]
    [InlineData("v = 1979-05-27", TomlValueKind.LocalDate, "1979-05-27")]
    [InlineData("v = 2024-02-29 # leap day", TomlValueKind.LocalDate, "2024-02-29")]
    [InlineData("v = 07:32:00", TomlValueKind.LocalTime, "07:32:00")]
    [InlineData("v = 00:32:00.999", TomlValueKind.LocalTime, "00:32:00.999")]
    public void LocalDateTimes(string toml, TomlValueKind kind, string text)
    {
        var value = Value<TomlDateTime>(toml);

        Assert.Equal(kind, value.Kind);
        Assert.Equal(text, value.ToString());
        Assert.Null(value.Offset);
        Assert.Equal(kind != TomlValueKind.LocalTime, value.Date is not null);
        Assert.Equal(kind != TomlValueKind.LocalDate, value.Time is not null);
    }

    [Fact]
    public void Arrays_MayMixTypes_AndAreNotArraysOfTables()
    {
        var value = Value<TomlArray>("v = [ 1, \"two\", [3.0], { four = 4 }, ]");

        Assert.False(value.IsArrayOfTables);
        Assert.Equal(
            [TomlValueKind.Integer, TomlValueKind.String, TomlValueKind.Array, TomlValueKind.Table],
            value.Select(item => item.Kind));
    }

    [Fact]
    public void Tables_FromHeadersDottedKeysAndInline()
    {
        var root = TomlParser.Parse("a.b = 1\ni = { c = 2 }\n[h]\n[fruit]\napple.color = 'red'\n[fruit.apple.texture]\nsmooth = true\n");

        Assert.False(((TomlTable)root["a"]).IsInline);
        Assert.True(((TomlTable)root["i"]).IsInline);
        Assert.Empty((TomlTable)root["h"]);
        var apple = (TomlTable)((TomlTable)root["fruit"])["apple"];
        Assert.Equal(["color", "texture"], apple.Keys);
    }

    [Fact]
    public void EmptyDocuments()
    {
        Assert.Empty(TomlParser.Parse(""));
        Assert.Empty(TomlParser.Parse(ReadOnlySpan<byte>.Empty));
        Assert.Empty(TomlParser.Parse("\n\r\n  # only a comment\n\t\n"));
    }
}
