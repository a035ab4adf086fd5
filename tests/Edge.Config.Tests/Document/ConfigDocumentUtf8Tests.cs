using System.Text;

namespace Edge.Config.Tests.Document;

/// <summary>Strict UTF-8: a bad byte is a located error, never a silent U+FFFD.</summary>
public sealed class ConfigDocumentUtf8Tests
{
    private static byte[] Bytes(params object[] parts)
    {
        var bytes = new List<byte>();
        foreach (var part in parts)
        {
            if (part is string text)
                bytes.AddRange(Encoding.UTF8.GetBytes(text));
            else
                bytes.AddRange((byte[])part);
        }

        return [.. bytes];
    }

    private static ConfigError Fails(Action parse) => Assert.Single(Assert.Throws<ConfigException>(parse).Errors);

    [Fact]
    public void InvalidByte_IsLocatedAtItsCharacter()
    {
        var toml = Bytes("# caf\u00e9\nname = \"ab", new byte[] { 0xFF }, "c\"\n");

        var e = Fails(() => ConfigDocument.Parse(toml, "edge.toml"));

        Assert.Equal("edge.toml:2:11: invalid UTF-8 byte 0xFF; TOML documents must be UTF-8", e.ToString());
    }

    [Theory]
    [InlineData(new byte[] { 0xC3 })] // truncated two-byte sequence at the end
    [InlineData(new byte[] { 0xC0, 0xAF })] // overlong '/'
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })] // an encoded surrogate (U+D800)
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })] // above U+10FFFF
    [InlineData(new byte[] { 0x80 })] // a lone continuation byte
    public void InvalidSequences_AreRejected(byte[] bad)
    {
        var e = Fails(() => ConfigDocument.Parse(Bytes("s = \"", bad, "\"")));

        Assert.Equal(new ConfigPosition(1, 6), e.Position);
        Assert.Contains("invalid UTF-8", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidMultibyteText_RoundTrips()
    {
        var root = ConfigDocument.Parse(Bytes("s = \"\u00e9\u4e2d\U0001F600\"\n"));

        Assert.Equal("\u00e9\u4e2d\U0001F600", ((ConfigValue)root["s"]).AsString);
    }

    [Fact]
    public void Bom_AtStart_IsAccepted()
    {
        var root = ConfigDocument.Parse(Bytes(new byte[] { 0xEF, 0xBB, 0xBF }, "a = 1"));

        Assert.Equal(1, ((ConfigValue)root["a"]).AsInteger);
    }

    [Fact]
    public void Bom_Twice_IsRejected()
    {
        var e = Fails(() => ConfigDocument.Parse(Bytes(new byte[] { 0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF }, "a = 1")));

        Assert.Equal(new ConfigPosition(1, 1), e.Position);
        Assert.Contains("byte-order mark", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Utf16Document_IsNamedAsSuch()
    {
        var e = Fails(() => ConfigDocument.Parse(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("a = 1")).ToArray()));

        Assert.Equal("the document is UTF-16; TOML documents must be UTF-8", e.Message);
    }

    [Fact]
    public void StringInput_WithLoneSurrogate_IsRejected()
    {
        var e = Fails(() => ConfigDocument.Parse("a = \"x\uD800\"\n"));

        Assert.Equal(new ConfigPosition(1, 7), e.Position);
        Assert.Contains("surrogate", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StringInput_WithLeadingBom_IsAccepted()
    {
        var root = ConfigDocument.Parse("\uFEFFa = 1");

        Assert.Equal(new ConfigPosition(1, 1), root.GetKeyPosition("a"));
    }
}
