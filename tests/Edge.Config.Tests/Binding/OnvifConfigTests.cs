using Edge.Config;

namespace Edge.Config.Tests.Binding;

/// <summary>The <c>[onvif]</c> table: the services follow the web server, discovery follows where the box can be reached.</summary>
public sealed class OnvifConfigTests
{
    private const string Users = "[[rtsp.users]]\nname = \"v\"\npassword = \"p\"\n";

    [Fact]
    public void NoTable_ServicesOnWithTheWebServer_DiscoveryOffWhileTheWebServerIsLoopbackOnly()
    {
        var onvif = ConfigLoader.LoadText("[camera.a]", "t.toml").Config!.Onvif;

        Assert.Equal((true, false, "unknown"), (onvif.Enabled, onvif.Discovery, onvif.Location));
    }

    [Fact]
    public void NoTable_DiscoveryOnWhenRtspAndTheWebServerListenBeyondLoopback()
    {
        var result = ConfigLoader.LoadText(Users + "[camera.a]\n[rtsp]\nlisten = \"0.0.0.0:8554\"\n[http]\nlisten = \"0.0.0.0:8080\"", "t.toml");

        Assert.True(result.IsValid, string.Join('\n', result.Errors));
        Assert.True(result.Config!.Onvif.Discovery);
    }

    [Fact]
    public void NoTable_DiscoveryOffWhenRtspIsLoopbackOnly()
    {
        var result = ConfigLoader.LoadText(Users + "[camera.a]\n[rtsp]\nlisten = \"127.0.0.1:8554\"\n[http]\nlisten = \"0.0.0.0:8080\"", "t.toml");

        Assert.True(result.IsValid, string.Join('\n', result.Errors));
        Assert.Equal((true, false), (result.Config!.Onvif.Enabled, result.Config.Onvif.Discovery));
    }

    [Fact]
    public void NoTable_NoWebServer_NoOnvif()
    {
        var onvif = ConfigLoader.LoadText("[camera.a]\n[http]\nenabled = false", "t.toml").Config!.Onvif;

        Assert.Equal((false, false), (onvif.Enabled, onvif.Discovery));
    }

    [Fact]
    public void Table_SetsEveryKey()
    {
        var result = ConfigLoader.LoadText(Users + "[camera.a]\n[http]\nlisten = \"0.0.0.0:8080\"\n[onvif]\nenabled = true\ndiscovery = false\nlocation = \"barn\"", "t.toml");

        Assert.True(result.IsValid, string.Join('\n', result.Errors));
        Assert.Equal((true, false, "barn"), (result.Config!.Onvif.Enabled, result.Config.Onvif.Discovery, result.Config.Onvif.Location));
    }

    [Theory]
    [InlineData("[camera.a]\n[http]\nenabled = false\n[onvif]\nenabled = true", "t.toml:5:11: onvif.enabled is true but http.enabled is false")]
    [InlineData("[camera.a]\n[onvif]\nenabled = false\ndiscovery = true", "t.toml:4:13: onvif.discovery is true but ONVIF is off")]
    [InlineData("[camera.a]\n[onvif]\ndiscovery = true", "t.toml:3:13: onvif.discovery announces the web server, but http.listen is \"127.0.0.1:8080\", which only this machine can reach; set http.listen = \"0.0.0.0:8080\"")]
    [InlineData("[camera.a]\n[onvif]\nlocation = \"\"", "onvif.location must be 1 to 64 printable characters")]
    [InlineData("[camera.a]\n[onvif]\ndiscovery = \"yes\"", "onvif.discovery must be true or false, got a string")]
    [InlineData("[camera.a]\n[onvif]\ndiscover = true", "unknown key \"onvif.discover\"; did you mean \"discovery\"?")]
    public void Mistakes_AreLocatedAndExplained(string text, string expected)
    {
        var result = ConfigLoader.LoadText(text, "t.toml");

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.ToString().Contains(expected, StringComparison.Ordinal));
    }
}
