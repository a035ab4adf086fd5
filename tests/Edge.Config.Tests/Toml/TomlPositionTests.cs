using System.Text;
using Edge.Config.Toml;

namespace Edge.Config.Tests.Toml;

/// <summary>Where keys, values and tables are said to be: what every config error message relies on.</summary>
public sealed class TomlPositionTests
{
    [Fact]
    public void KeyValue_KeyAndValuePositions()
    {
        var root = TomlParser.Parse("name = \"edge\"\n  fps   =   30\n");

        Assert.Equal(new TomlPosition(1, 1), root.GetKeyPosition("name"));
        Assert.Equal(new TomlPosition(1, 8), root["name"].Position);
        Assert.Equal(new TomlPosition(2, 3), root.GetKeyPosition("fps"));
        Assert.Equal(new TomlPosition(2, 13), root["fps"].Position);
    }

    [Fact]
    public void DottedKey_EachSegmentHasItsOwnPosition()
    {
        var root = TomlParser.Parse("x = 0\ncamera . front.fps = 30\ncamera.front.width = 640\n");

        var camera = (TomlTable)root["camera"];
        var front = (TomlTable)camera["front"];
        Assert.Equal(new TomlPosition(2, 1), root.GetKeyPosition("camera"));
        Assert.Equal(new TomlPosition(2, 1), camera.Position);
        Assert.Equal(new TomlPosition(2, 10), camera.GetKeyPosition("front"));
        Assert.Equal(new TomlPosition(2, 10), front.Position);
        Assert.Equal(new TomlPosition(2, 16), front.GetKeyPosition("fps"));
        Assert.Equal(new TomlPosition(2, 22), front["fps"].Position);
        Assert.Equal(new TomlPosition(3, 14), front.GetKeyPosition("width"));
    }

    [Fact]
    public void Header_TablePositionIsTheBracket_KeyPositionIsTheName()
    {
        var root = TomlParser.Parse("# config\n\n[camera.front]\nfps = 30\n");

        var camera = (TomlTable)root["camera"];
        var front = (TomlTable)camera["front"];
        Assert.Equal(new TomlPosition(3, 2), root.GetKeyPosition("camera"));
        Assert.Equal(new TomlPosition(3, 2), camera.Position);
        Assert.Equal(new TomlPosition(3, 9), camera.GetKeyPosition("front"));
        Assert.Equal(new TomlPosition(3, 1), front.Position);
        Assert.Equal(new TomlPosition(4, 1), front.GetKeyPosition("fps"));
    }

    [Fact]
    public void ImplicitTable_DefinedLater_TakesThePositionOfItsOwnHeader()
    {
        var root = TomlParser.Parse("[a.b]\nx = 1\n[a]\ny = 2\n");

        var a = (TomlTable)root["a"];
        Assert.Equal(new TomlPosition(3, 1), a.Position);
        Assert.Equal(new TomlPosition(3, 2), root.GetKeyPosition("a"));
        Assert.Equal(["b", "y"], a.Keys);
    }

    [Fact]
    public void ArrayOfTables_ArrayAtFirstHeader_ElementsAtTheirOwn()
    {
        var root = TomlParser.Parse("[[push]]\ncamera = \"a\"\n\n[[push]]\ncamera = \"b\"\n");

        var push = (TomlArray)root["push"];
        Assert.True(push.IsArrayOfTables);
        Assert.Equal(new TomlPosition(1, 1), push.Position);
        Assert.Equal(new TomlPosition(1, 3), root.GetKeyPosition("push"));
        Assert.Equal(new TomlPosition(1, 1), push[0].Position);
        Assert.Equal(new TomlPosition(4, 1), push[1].Position);
        Assert.Equal(new TomlPosition(5, 10), ((TomlTable)push[1])["camera"].Position);
    }

    [Fact]
    public void InlineTableAndArray_PositionsOfTheOpeningBracketAndElements()
    {
        var root = TomlParser.Parse("t = { x = 1, y.z = [ 2,\n  3 ] }\n");

        var t = (TomlTable)root["t"];
        Assert.True(t.IsInline);
        Assert.Equal(new TomlPosition(1, 5), t.Position);
        Assert.Equal(new TomlPosition(1, 7), t.GetKeyPosition("x"));
        Assert.Equal(new TomlPosition(1, 11), t["x"].Position);
        var y = (TomlTable)t["y"];
        Assert.True(y.IsInline);
        var z = (TomlArray)y["z"];
        Assert.Equal(new TomlPosition(1, 16), y.GetKeyPosition("z"));
        Assert.Equal(new TomlPosition(1, 20), z.Position);
        Assert.Equal(new TomlPosition(1, 22), z[0].Position);
        Assert.Equal(new TomlPosition(2, 3), z[1].Position);
    }

    [Fact]
    public void Columns_CountCharactersNotUtf16Units_TabCountsOne()
    {
        // Each emoji is two UTF-16 code units but one character on screen.
        var root = TomlParser.Parse("t = { a = \"\U0001F600\U0001F600\", b = 2 }\n\tc = 3\n");

        var t = (TomlTable)root["t"];
        Assert.Equal(new TomlPosition(1, 17), t.GetKeyPosition("b"));
        Assert.Equal(new TomlPosition(2, 2), root.GetKeyPosition("c"));
    }

    [Fact]
    public void Crlf_CountsAsOneLineBreak()
    {
        var root = TomlParser.Parse("a = 1\r\n\r\nb = \"\"\"\r\nx\r\ny\"\"\"\r\nc = 3\r\n");

        Assert.Equal(new TomlPosition(3, 1), root.GetKeyPosition("b"));
        Assert.Equal(new TomlPosition(6, 1), root.GetKeyPosition("c"));
    }

    [Fact]
    public void Utf8Bom_IsNotAColumn()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("a = 1")).ToArray();

        var root = TomlParser.Parse(bytes);

        Assert.Equal(new TomlPosition(1, 1), root.GetKeyPosition("a"));
        Assert.Equal(new TomlPosition(1, 5), root["a"].Position);
    }

    [Fact]
    public void Keys_AreInDocumentOrder()
    {
        var root = TomlParser.Parse("zeta = 1\nalpha = 2\n[mid]\n[beta]\n");

        Assert.Equal(["zeta", "alpha", "mid", "beta"], root.Keys);
        Assert.Equal(["zeta", "alpha", "mid", "beta"], root.Select(pair => pair.Key));
    }

    [Fact]
    public void MissingKey_TryGetAndGetKeyPosition()
    {
        var root = TomlParser.Parse("a = 1");

        Assert.False(root.TryGetValue("b", out _));
        Assert.False(root.TryGetKeyPosition("b", out _));
        Assert.Throws<KeyNotFoundException>(() => root.GetKeyPosition("b"));
        Assert.Throws<KeyNotFoundException>(() => root["b"]);
    }
}
