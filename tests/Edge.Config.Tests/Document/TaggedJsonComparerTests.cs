using System.Text.Json;

namespace Edge.Config.Tests.Document;

/// <summary>The suite is only as good as its comparer: it must see real differences and forgive none.</summary>
public sealed class TaggedJsonComparerTests
{
    private static string? Compare(string expected, string actual)
    {
        using var e = JsonDocument.Parse(expected);
        using var a = JsonDocument.Parse(actual);
        return TaggedJsonComparer.Compare(e.RootElement, a.RootElement);
    }

    private static string Tagged(string type, string value) => $$$"""{"v": {"type": "{{{type}}}", "value": "{{{value}}}"}}""";

    [Theory]
    [InlineData("float", "1e+06", "1000000")]
    [InlineData("float", "nan", "nan")]
    [InlineData("float", "-nan", "nan")]
    [InlineData("float", "inf", "+inf")]
    [InlineData("integer", "0", "-0")]
    [InlineData("datetime", "1987-07-05T17:45:56.600Z", "1987-07-05t17:45:56.6z")]
    [InlineData("time-local", "00:32:00.600", "00:32:00.6")]
    public void EqualValues_Match(string type, string expected, string actual) =>
        Assert.Null(Compare(Tagged(type, expected), Tagged(type, actual)));

    [Theory]
    [InlineData("float", "float", "0.1", "0.10000000000000002")]
    [InlineData("float", "float", "-0", "0")]
    [InlineData("float", "float", "nan", "inf")]
    [InlineData("integer", "float", "1", "1")]
    [InlineData("string", "string", "a", "A")]
    [InlineData("datetime", "datetime", "1987-07-05T17:45:56Z", "1987-07-05T17:45:56+00:01")]
    [InlineData("datetime", "datetime-local", "1987-07-05T17:45:56Z", "1987-07-05T17:45:56")]
    public void DifferentValues_AreReported(string expectedType, string actualType, string expected, string actual) =>
        Assert.NotNull(Compare(Tagged(expectedType, expected), Tagged(actualType, actual)));

    [Theory]
    [InlineData("""{"a": {}}""", """{"a": {}, "b": {}}""")]
    [InlineData("""{"a": []}""", """{"a": {}}""")]
    [InlineData("""{"a": [{}]}""", """{"a": [{}, {}]}""")]
    [InlineData("""{"a": {"type": "bool", "value": "true"}}""", """{"a": {"x": {}}}""")]
    public void DifferentShapes_AreReported(string expected, string actual) => Assert.NotNull(Compare(expected, actual));

    [Fact]
    public void ParsedTree_ComparesAgainstExpectedJson()
    {
        var root = ConfigDocument.Parse("v = 1987-07-05T17:45:56.6Z\nw = [1, 2.5]\n[t]\n");
        using var expected = JsonDocument.Parse("""
            {"v": {"type": "datetime", "value": "1987-07-05T17:45:56.600Z"},
             "w": [{"type": "integer", "value": "1"}, {"type": "float", "value": "2.5"}],
             "t": {}}
            """);
        using var wrong = JsonDocument.Parse("""{"v": {"type": "datetime-local", "value": "1987-07-05T17:45:56.600"}, "w": [], "t": {}}""");

        Assert.Null(TaggedJsonComparer.Compare(expected.RootElement, root));
        Assert.NotNull(TaggedJsonComparer.Compare(wrong.RootElement, root));
    }
}
