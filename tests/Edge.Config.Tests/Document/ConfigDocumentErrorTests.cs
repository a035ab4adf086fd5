namespace Edge.Config.Tests.Document;

/// <summary>
/// What a person sees when the file is not valid TOML: one message, at the offending place,
/// saying what to do, and never repeating a value from the file that could be a secret.
/// </summary>
public sealed class ConfigDocumentErrorTests
{
    private const string AlreadyDefined = "a key or table can be defined only once (use [[name]] for a list of tables)";

    private static ConfigError Fails(string toml, string? sourceName = null) =>
        Assert.Single(Assert.Throws<ConfigException>(() => ConfigDocument.Parse(toml, sourceName)).Errors);

    [Fact]
    public void Message_HasSourceLineColumnAndReason()
    {
        var e = Fails("[camera]\nname = \"x\"\nfps     30\n", "edge.toml");

        Assert.Equal("edge.toml:3:9: expected '=' after the key (key = value)", e.ToString());
        Assert.Equal(new ConfigPosition(3, 9), e.Position);
        Assert.Equal("edge.toml", e.SourceName);
    }

    [Theory]
    // Duplicate keys and redefined tables are rejected, naming both places.
    [InlineData("fps = 30\nfps = 25\n", 2, 1, "\"fps\" is already defined at 1:1")]
    [InlineData("\"a b\" = 1\n'a b' = 2\n", 2, 1, "\"a b\" is already defined at 1:1")]
    [InlineData("[camera.front]\nencoder.kind = \"auto\"\nencoder.kind = \"x\"\n", 3, 1, "\"camera.front.encoder.kind\" is already defined at 2:1")]
    [InlineData("[camera.front]\nfps = 1\n[camera.front]\n", 3, 1, "\"camera.front\" is already defined at 1:1")]
    [InlineData("[a]\nb.c = 1\n[a.b]\n", 3, 1, "\"a.b\" is already defined at 2:1")]
    [InlineData("a = { b = 1 }\na.c = 2\n", 2, 1, "\"a\" is already defined at 1:1")]
    [InlineData("a = { b = 1 }\n[a.c]\n", 2, 2, "\"a\" is already defined at 1:1")]
    [InlineData("a = 1\na.b = 2\n", 2, 1, "\"a\" is already defined at 1:1")]
    [InlineData("[[push]]\n[push]\n", 2, 1, "\"push\" is already defined at 1:1")]
    [InlineData("push = []\n[[push]]\n", 2, 1, "\"push\" is already defined at 1:1")]
    public void Redefinition_IsRejectedAndLocated(string toml, int line, int column, string reason)
    {
        var e = Fails(toml);

        Assert.Equal($"{reason}; {AlreadyDefined}", e.Message);
        Assert.Equal(new ConfigPosition(line, column), e.Position);
    }

    [Theory]
    [InlineData("name = edge-cam\n", 1, 8, "a string must be in quotes")]
    [InlineData("enabled = True\n", 1, 11, "a boolean is true or false")]
    [InlineData("fps = = 30\n", 1, 7, "expected a value here")]
    [InlineData("a = 1 b = 2\n", 1, 7, "expected the end of the line after the value")]
    [InlineData("a = \"abc\nb = 1\n", 1, 9, "Invalid newline in a string")]
    [InlineData("a = [1 2]\n", 1, 8, "Missing a `,`")]
    [InlineData("a = \"\\q\"\n", 1, 7, "Unexpected escape character [q]")]
    [InlineData("a = 9223372036854775808\n", 1, 5, "Unable to parse integer")]
    [InlineData("d = 2023-02-29\n", 1, 5, "Unable to parse the date")]
    [InlineData("a = 1\rb = 2\n", 1, 6, "not followed by \\n")]
    [InlineData("# bell \u0007\n", 1, 8, "U+0007")]
    public void SyntaxError_IsLocatedAtTheFault(string toml, int line, int column, string reason)
    {
        var e = Fails(toml);

        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.Equal(new ConfigPosition(line, column), e.Position);
    }

    [Theory]
    [InlineData("[[rtsp.users]]\npassword = \"SUPERSECRET\"\npassword = \"SUPERSECRET\"\n")]
    [InlineData("[rtsp]\npassword = \"SUPERSECRET\"\n[rtsp]\n")]
    [InlineData("password = SUPERSECRET\n")]
    [InlineData("password SUPERSECRET\n")]
    [InlineData("password \"SUPERSECRET\"\n")]
    [InlineData("password = \"SUPERSECRET\" \"x\"\n")]
    [InlineData("password = 'x' 'SUPERSECRET'\n")]
    [InlineData("url = [\"SUPERSECRET\" \"x\"]\n")]
    [InlineData("url = { a = \"SUPERSECRET\" b = 1 }\n")]
    [InlineData("password = \"SUPERSECRET\nx = 1\n")]
    public void SyntaxErrors_NeverRepeatAValue(string toml)
    {
        Assert.DoesNotContain("SUPERSECRET", Fails(toml).ToString(), StringComparison.Ordinal);
    }

    [Theory]
    // What TOML 1.1 added, which Edge accepts because Tomlyn reads TOML 1.1.
    [InlineData("t = 10:30\n")]
    [InlineData("t = { a = 1, }\n")]
    [InlineData("t = {\n  a = 1,\n  b = 2\n}\n")]
    [InlineData("s = \"\\x41\\e\"\n")]
    public void Toml11Forms_AreAccepted(string toml)
    {
        Assert.NotNull(ConfigDocument.Parse(toml));
    }
}
