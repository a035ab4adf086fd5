namespace Edge.Config.Tests.Binding;

/// <summary>A value read as a secret stays out of every message, whichever check wrote it.</summary>
public sealed class ConfigTableReaderTests
{
    private static ConfigTableReader Reader(string toml, ConfigDiagnostics diagnostics) =>
        new(diagnostics, ConfigDocument.Parse(toml, "t.toml"), "");

    [Fact]
    public void SecretValue_IsRedactedFromMessagesWrittenBeforeAndAfterItWasRead()
    {
        var diagnostics = new ConfigDiagnostics("t.toml");
        var table = Reader("password = \"hunter22\"\nname = \"hunter22-cam\"\n", diagnostics);
        var name = table.GetString("name", "");
        table.Error("name", $"name \"{name}\" is wrong");

        var password = table.GetOptionalString("password", secret: true);
        table.Error("password", $"password \"{password}\" is too short");

        Assert.Equal(["t.toml:2:8: name \"(secret)-cam\" is wrong", "t.toml:1:12: password \"(secret)\" is too short"],
            diagnostics.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void ValueNotReadAsSecret_IsShown()
    {
        var diagnostics = new ConfigDiagnostics("t.toml");
        var table = Reader("password = \"hunter22\"\n", diagnostics);
        var password = table.GetOptionalString("password");
        table.Error("password", $"got \"{password}\"");

        Assert.Equal("got \"hunter22\"", Assert.Single(diagnostics.Errors).Message);
    }

    [Fact]
    public void VeryShortSecret_DoesNotBlankOutOrdinaryWords()
    {
        var diagnostics = new ConfigDiagnostics("t.toml");
        var table = Reader("password = \"a\"\n", diagnostics);
        table.GetOptionalString("password", secret: true);
        table.Error("password", "rtsp.users[0].password must be longer");

        Assert.Equal("rtsp.users[0].password must be longer", Assert.Single(diagnostics.Errors).Message);
    }
}
