using Edge.Config;

namespace Edge.Config.Tests.Binding;

/// <summary>The <c>[mdns]</c> table: announcing through avahi is on unless switched off.</summary>
public sealed class MdnsConfigTests
{
    [Fact]
    public void NoTable_AnnouncesThroughAvahi()
    {
        var result = ConfigLoader.LoadText("[camera.a]", "t.toml");

        Assert.True(result.IsValid, string.Join('\n', result.Errors));
        Assert.True(result.Config!.Mdns.Enabled);
    }

    [Fact]
    public void EnabledFalse_SwitchesItOff()
    {
        var result = ConfigLoader.LoadText("[camera.a]\n[mdns]\nenabled = false", "t.toml");

        Assert.True(result.IsValid, string.Join('\n', result.Errors));
        Assert.False(result.Config!.Mdns.Enabled);
    }

    [Theory]
    [InlineData("[camera.a]\n[mdns]\nenabled = \"no\"", "t.toml:3:11: mdns.enabled must be true or false, got a string")]
    [InlineData("[camera.a]\n[mdns]\nenable = false", "unknown key \"mdns.enable\"; did you mean \"enabled\"?")]
    public void Mistakes_AreLocatedAndExplained(string text, string expected)
    {
        var result = ConfigLoader.LoadText(text, "t.toml");

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.ToString().Contains(expected, StringComparison.Ordinal));
    }
}
