using System.Text;

namespace Edge.Config.Tests.Document;

/// <summary>Where keys, values and tables are said to be: what every config error message relies on.</summary>
public sealed class ConfigDocumentPositionTests
{
    [Fact]
    public void KeyValue_KeyAndValuePositions()
    {
        var root = ConfigDocument.Parse("name = \"edge\"\n  fps   =   30\n");

        Assert.Equal(new ConfigPosition(1, 1), root.GetKeyPosition("name"));
        Assert.Equal(new ConfigPosition(1, 8), root["name"].Position);
        Assert.Equal(new ConfigPosition(2, 3), root.GetKeyPosition("fps"));
        Assert.Equal(new ConfigPosition(2, 13), root["fps"].Position);
    }

    [Fact]
    public void DottedKey_EachSegmentHasItsOwnPosition()
    {
        var root = ConfigDocument.Parse("x = 0\ncamera . front.fps = 30\ncamera.front.width = 640\n");

        var camera = (ConfigTable)root["camera"];
        var front = (ConfigTable)camera["front"];
        Assert.Equal(new ConfigPosition(2, 1), root.GetKeyPosition("camera"));
        Assert.Equal(new ConfigPosition(2, 1), camera.Position);
        Assert.Equal(new ConfigPosition(2, 10), camera.GetKeyPosition("front"));
        Assert.Equal(new ConfigPosition(2, 10), front.Position);
        Assert.Equal(new ConfigPosition(2, 16), front.GetKeyPosition("fps"));
        Assert.Equal(new ConfigPosition(2, 22), front["fps"].Position);
        Assert.Equal(new ConfigPosition(3, 14), front.GetKeyPosition("width"));
    }

    [Fact]
    public void Header_TablePositionIsTheBracket_KeyPositionIsTheName()
    {
        var root = ConfigDocument.Parse("# config\n\n[camera.front]\nfps = 30\n");

        var camera = (ConfigTable)root["camera"];
        var front = (ConfigTable)camera["front"];
        Assert.Equal(new ConfigPosition(3, 2), root.GetKeyPosition("camera"));
        Assert.Equal(new ConfigPosition(3, 2), camera.Position);
        Assert.Equal(new ConfigPosition(3, 9), camera.GetKeyPosition("front"));
        Assert.Equal(new ConfigPosition(3, 1), front.Position);
        Assert.Equal(new ConfigPosition(4, 1), front.GetKeyPosition("fps"));
    }

    [Fact]
    public void ImplicitTable_DefinedLater_TakesThePositionOfItsOwnHeader()
    {
        var root = ConfigDocument.Parse("[a.b]\nx = 1\n[a]\ny = 2\n");

        var a = (ConfigTable)root["a"];
        Assert.Equal(new ConfigPosition(3, 1), a.Position);
        Assert.Equal(new ConfigPosition(3, 2), root.GetKeyPosition("a"));
        Assert.Equal(["b", "y"], a.Keys);
    }

    [Fact]
    public void ArrayOfTables_ArrayAtFirstHeader_ElementsAtTheirOwn()
    {
        var root = ConfigDocument.Parse("[[push]]\ncamera = \"a\"\n\n[[push]]\ncamera = \"b\"\n");

        var push = (ConfigArray)root["push"];
        Assert.True(push.IsArrayOfTables);
        Assert.Equal(new ConfigPosition(1, 1), push.Position);
        Assert.Equal(new ConfigPosition(1, 3), root.GetKeyPosition("push"));
        Assert.Equal(new ConfigPosition(1, 1), push[0].Position);
        Assert.Equal(new ConfigPosition(4, 1), push[1].Position);
        Assert.Equal(new ConfigPosition(5, 10), ((ConfigTable)push[1])["camera"].Position);
    }

    [Fact]
    public void InlineTableAndArray_PositionsOfTheOpeningBracketAndElements()
    {
        var root = ConfigDocument.Parse("t = { x = 1, y.z = [ 2,\n  3 ] }\n");

        var t = (ConfigTable)root["t"];
        Assert.Equal(new ConfigPosition(1, 5), t.Position);
        Assert.Equal(new ConfigPosition(1, 7), t.GetKeyPosition("x"));
        Assert.Equal(new ConfigPosition(1, 11), t["x"].Position);
        var y = (ConfigTable)t["y"];
        var z = (ConfigArray)y["z"];
        Assert.Equal(new ConfigPosition(1, 16), y.GetKeyPosition("z"));
        Assert.Equal(new ConfigPosition(1, 20), z.Position);
        Assert.Equal(new ConfigPosition(1, 22), z[0].Position);
        Assert.Equal(new ConfigPosition(2, 3), z[1].Position);
    }

    [Fact]
    public void Columns_CountCharactersNotUtf16Units_TabCountsOne()
    {
        // Each emoji is two UTF-16 code units but one character on screen.
        var root = ConfigDocument.Parse("t = { a = \"\U0001F600\U0001F600\", b = 2 }\n\tc = 3\n");

        var t = (ConfigTable)root["t"];
        Assert.Equal(new ConfigPosition(1, 17), t.GetKeyPosition("b"));
        Assert.Equal(new ConfigPosition(2, 2), root.GetKeyPosition("c"));
    }

    [Fact]
    public void Crlf_CountsAsOneLineBreak()
    {
        var root = ConfigDocument.Parse("a = 1\r\n\r\nb = \"\"\"\r\nx\r\ny\"\"\"\r\nc = 3\r\n");

        Assert.Equal(new ConfigPosition(3, 1), root.GetKeyPosition("b"));
        Assert.Equal(new ConfigPosition(6, 1), root.GetKeyPosition("c"));
    }

    [Fact]
    public void Utf8Bom_IsNotAColumn()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("a = 1")).ToArray();

        var root = ConfigDocument.Parse(bytes);

        Assert.Equal(new ConfigPosition(1, 1), root.GetKeyPosition("a"));
        Assert.Equal(new ConfigPosition(1, 5), root["a"].Position);
    }

    [Fact]
    public void Keys_AreInDocumentOrder()
    {
        var root = ConfigDocument.Parse("zeta = 1\nalpha = 2\n[mid]\n[beta]\n");

        Assert.Equal(["zeta", "alpha", "mid", "beta"], root.Keys);
    }

    [Fact]
    public void MissingKey_TryGetAndGetKeyPosition()
    {
        var root = ConfigDocument.Parse("a = 1");

        Assert.False(root.TryGetValue("b", out _));
        Assert.Throws<KeyNotFoundException>(() => root.GetKeyPosition("b"));
        Assert.Throws<KeyNotFoundException>(() => root["b"]);
    }

    [Theory]
    [InlineData("[camera.front]\nfps = 30\n[camera.front.encoder]\nkind = \"auto\"\n")]
    [InlineData("camera.front.fps = 30\ncamera.front.encoder.kind = \"auto\"\n")]
    [InlineData("camera = { front = { fps = 30, encoder = { kind = \"auto\" } } }\n")]
    [InlineData("[camera]\nfront = {\n  fps = 30,\n  encoder.kind = \"auto\",\n}\n")]
    public void EveryWayOfWritingATable_GivesTheSameTables(string toml)
    {
        var front = (ConfigTable)((ConfigTable)ConfigDocument.Parse(toml)["camera"])["front"];

        Assert.Equal(["fps", "encoder"], front.Keys);
        Assert.Equal(30, ((ConfigValue)front["fps"]).AsInteger);
        Assert.Equal("auto", ((ConfigValue)((ConfigTable)front["encoder"])["kind"]).AsString);
    }

    [Fact]
    public void SubTableOfAnArrayOfTables_BelongsToItsLastElement()
    {
        var root = ConfigDocument.Parse("[[push]]\nurl = \"a\"\n[[push]]\nurl = \"b\"\n[push.extra]\nok = true\n");

        var push = (ConfigArray)root["push"];
        Assert.False(((ConfigTable)push[0]).TryGetValue("extra", out _));
        var extra = (ConfigTable)((ConfigTable)push[1])["extra"];
        Assert.Equal(new ConfigPosition(5, 1), extra.Position);
        Assert.True(((ConfigValue)extra["ok"]).AsBoolean);
    }

    [Fact]
    public void EmptyDocument_IsAnEmptyTable()
    {
        Assert.Equal(0, ConfigDocument.Parse("").Count);
        Assert.Equal(0, ConfigDocument.Parse(ReadOnlySpan<byte>.Empty).Count);
        Assert.Equal(0, ConfigDocument.Parse("\n\r\n  # only a comment\n\t\n").Count);
    }
}
