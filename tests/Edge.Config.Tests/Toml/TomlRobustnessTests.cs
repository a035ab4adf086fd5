using System.Diagnostics;
using System.Text;
using Edge.Config.Toml;

namespace Edge.Config.Tests.Toml;

/// <summary>
/// Hostile input: deep nesting must give an error, not a stack overflow; no input may crash the
/// parser with anything but <see cref="TomlException"/>; and large flat input stays linear.
/// </summary>
public sealed class TomlRobustnessTests
{
    private const int Cap = TomlParser.MaxNestingDepth;

    [Fact]
    public void NestedArrays_UpToTheCap_Parse()
    {
        var root = TomlParser.Parse("a = " + new string('[', Cap) + new string(']', Cap));

        var depth = 0;
        for (TomlNode node = root["a"]; node is TomlArray { Count: > 0 } array; node = array[0])
            depth++;
        Assert.Equal(Cap - 1, depth);
    }

    [Fact]
    public void NestedArrays_BeyondTheCap_AreAnError()
    {
        var e = Assert.Throws<TomlException>(() => TomlParser.Parse("a = " + new string('[', Cap + 1) + new string(']', Cap + 1)));

        Assert.Equal($"tables and arrays are nested more than {Cap} levels deep", e.Reason);
        Assert.Equal(new TomlPosition(1, 5 + Cap), e.Position);
    }

    [Theory]
    [InlineData("[")]
    [InlineData("{b=")]
    [InlineData("[{b=")]
    public void PathologicallyDeepInput_IsAnErrorNotAStackOverflow(string unit)
    {
        var toml = "x = 1\na=" + string.Concat(Enumerable.Repeat(unit, 1_000_000 / unit.Length));

        var e = Assert.Throws<TomlException>(() => TomlParser.Parse(toml));

        Assert.Contains("nested more than", e.Reason, StringComparison.Ordinal);
        Assert.Equal(2, e.Position.Line);
    }

    [Fact]
    public void DeepDottedKeysAndHeaders_AreCappedToo()
    {
        var path = string.Join('.', Enumerable.Repeat("k", 10_000));

        Assert.Contains("nested more than", Assert.Throws<TomlException>(() => TomlParser.Parse(path + " = 1")).Reason, StringComparison.Ordinal);
        Assert.Contains("nested more than", Assert.Throws<TomlException>(() => TomlParser.Parse($"[{path}]")).Reason, StringComparison.Ordinal);
        Assert.Contains("nested more than", Assert.Throws<TomlException>(() => TomlParser.Parse($"[[{path}]]")).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void LargeFlatInput_IsLinear()
    {
        var longLine = "a = [" + string.Join(',', Enumerable.Repeat("1", 200_000)) + "]\n";
        var manyKeys = new StringBuilder();
        for (var i = 0; i < 50_000; i++)
            manyKeys.Append("[t").Append(i).Append("]\nk = \"v\"\n");
        var longString = "s = \"" + new string('x', 1_000_000) + "\\n\"\n";

        var clock = Stopwatch.StartNew();
        Assert.Equal(200_000, ((TomlArray)TomlParser.Parse(longLine)["a"]).Count);
        Assert.Equal(50_000, TomlParser.Parse(manyKeys.ToString()).Count);
        Assert.Equal(1_000_001, ((TomlString)TomlParser.Parse(longString)["s"]).Value.Length);

        // Quadratic behaviour on these sizes would take minutes; linear takes well under a second.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Sample_IsValid()
    {
        var root = TomlParser.Parse(Sample);

        Assert.Equal("one two\"\"\n", ((TomlString)root["multi"]).Value);
        Assert.Equal(2, ((TomlArray)root["push"]).Count);
    }

    [Fact]
    public void EveryPrefixOfADocument_ParsesOrFailsCleanly()
    {
        foreach (var length in Enumerable.Range(0, Sample.Length + 1))
            ParseOrTomlException(Encoding.UTF8.GetBytes(Sample[..length]));
    }

    [Fact]
    public void RandomlyCorruptedDocuments_ParseOrFailCleanly()
    {
        var random = new Random(20240601);
        var original = Encoding.UTF8.GetBytes(Sample);
        ReadOnlySpan<byte> interesting = "[]{}\"'=.,#\\\n\r\t 0+-_:eTZx"u8;
        for (var round = 0; round < 5_000; round++)
        {
            var bytes = (byte[])original.Clone();
            for (var edits = random.Next(1, 4); edits > 0; edits--)
            {
                var at = random.Next(bytes.Length);
                bytes[at] = random.Next(3) == 0 ? (byte)random.Next(256) : interesting[random.Next(interesting.Length)];
            }

            ParseOrTomlException(bytes);
        }
    }

    private static void ParseOrTomlException(byte[] bytes)
    {
        try
        {
            TomlParser.Parse(bytes);
        }
        catch (TomlException)
        {
        }
    }

    private const string Sample = """"
        # Edge sample covering every construct.
        title = "edge \"cam\" \u00e9 \U0001F600"
        path = 'C:\cams'
        multi = """
        one \
          two""
        """
        raw = '''
        line ''quoted'' '''
        ints = [ 0, -17, +99, 1_000, 0xDEAD_beef, 0o755, 0b1101, 9223372036854775807 ]
        floats = [ 3.14, -0.0, 5e+22, 1E6, 6.626e-34, inf, -nan, 224_617.445_991 ]
        dates = [ 1979-05-27T07:32:00Z, 1979-05-27 00:32:00.999999-07:00, 1979-05-27T07:32:00, 1979-05-27, 00:32:00.5 ]
        inline = { x = 1, y.z = [ { a = true }, {} ], "q k" = false }
        a.b.c = 1
        a.b.d = 2

        [camera.front]
        fps = 30 # trailing comment

        [camera.front.encoder]
        kind = "auto"

        [[push]]
        url = "rtmp://x"
        [[push]]
        url = "rtmp://y"
        [push.extra]
        ok = true
        """";
}
