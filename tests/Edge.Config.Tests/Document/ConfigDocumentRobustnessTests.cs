using System.Diagnostics;
using System.Text;

namespace Edge.Config.Tests.Document;

/// <summary>
/// Hostile input: deep nesting, however written, must give an error, not a stack overflow; no
/// input may fail with anything but <see cref="ConfigException"/>; and large flat input stays linear.
/// </summary>
public sealed class ConfigDocumentRobustnessTests
{
    private const int Cap = ConfigDocument.MaxNestingDepth;

    private static ConfigError Fails(string toml) => Assert.Single(Assert.Throws<ConfigException>(() => ConfigDocument.Parse(toml)).Errors);

    [Fact]
    public void NestedArrays_WellBelowTheCap_Parse()
    {
        var root = ConfigDocument.Parse("a = " + new string('[', Cap - 4) + new string(']', Cap - 4));

        var depth = 0;
        for (ConfigNode node = root["a"]; node is ConfigArray { Count: > 0 } array; node = array[0])
            depth++;
        Assert.Equal(Cap - 5, depth);
    }

    [Theory]
    [InlineData("[")]
    [InlineData("{b=")]
    [InlineData("[{b=")]
    public void PathologicallyDeepInput_IsAnErrorNotAStackOverflow(string unit)
    {
        var toml = "x = 1\na=" + string.Concat(Enumerable.Repeat(unit, 1_000_000 / unit.Length));

        Assert.Contains($"nested more than {Cap} levels deep", Fails(toml).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeepDottedKeysAndHeaders_AreCappedToo()
    {
        var path = string.Join('.', Enumerable.Repeat("k", 10_000));

        foreach (var toml in new[] { path + " = 1", $"[{path}]", $"[[{path}]]" })
            Assert.Contains($"nested more than {Cap} levels deep", Fails(toml).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheCap_CountsHeadersAndBracketsTogether()
    {
        var header = string.Join('.', Enumerable.Repeat("k", Cap - 1));

        Assert.NotNull(ConfigDocument.Parse($"[{header}]\nv = [1]\n"));
        var error = Fails($"[{header}]\nv = [[1]]\n");
        Assert.Equal($"tables and arrays are nested more than {Cap} levels deep", error.Message);
        Assert.Equal(new ConfigPosition(2, 6), error.Position);
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
        Assert.Equal(200_000, ((ConfigArray)ConfigDocument.Parse(longLine)["a"]).Count);
        Assert.Equal(50_000, ConfigDocument.Parse(manyKeys.ToString()).Count);
        Assert.Equal(1_000_001, ((ConfigValue)ConfigDocument.Parse(longString)["s"]).AsString!.Length);

        // Each is as large as a config file may be (ConfigLoader.MaxFileBytes). Quadratic behaviour
        // on these sizes would take many minutes; linear takes seconds even on a busy CI machine.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Sample_IsValid()
    {
        var root = ConfigDocument.Parse(Sample);

        Assert.Equal("one two\"\"\n", ((ConfigValue)root["multi"]).AsString);
        Assert.Equal(2, ((ConfigArray)root["push"]).Count);
    }

    [Fact]
    public void EveryPrefixOfADocument_ParsesOrFailsCleanly()
    {
        foreach (var length in Enumerable.Range(0, Sample.Length + 1))
            ParseOrConfigException(Encoding.UTF8.GetBytes(Sample[..length]));
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

            ParseOrConfigException(bytes);
        }
    }

    private static void ParseOrConfigException(byte[] bytes)
    {
        try
        {
            ConfigDocument.Parse(bytes);
        }
        catch (ConfigException)
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
