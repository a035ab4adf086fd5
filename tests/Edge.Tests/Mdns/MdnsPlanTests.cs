using System.Text;
using Edge.Config;
using Edge.Mdns;

namespace Edge.Tests.Mdns;

public sealed class MdnsPlanTests
{
    private const string TwoCameras = """
        [rtsp]
        listen = "0.0.0.0:9554"
        auth = "digest"
        [[rtsp.users]]
        name = "viewer"
        password = "secret-1"
        [camera.front]
        source = "test"
        fps = 30
        [camera.back]
        source = "test"
        """;

    private static EdgeConfig Load(string text)
    {
        var result = ConfigLoader.LoadText(text, "edge.toml");
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Config;
    }

    [Fact]
    public void EachCamera_IsAnRtspServiceWithItsPath_AndThePageOneHttpService()
    {
        var plan = MdnsPlan.For(Load(TwoCameras + "\n[http]\nlisten = \"0.0.0.0:8081\"\n"));

        Assert.Equal(
            [("Edge front on pi", "_rtsp._tcp", 9554, "path=/front"), ("Edge back on pi", "_rtsp._tcp", 9554, "path=/back"), ("Edge on pi", "_http._tcp", 8081, "path=/")],
            plan.Services.Select(s => (s.InstanceName("pi"), s.Type, s.Port, s.Txt)));
        Assert.Empty(plan.NotAnnounced);
    }

    [Fact]
    public void AServerOnLoopbackOnly_IsNotAnnounced_AndTheReasonNamesItsKey()
    {
        // The default [http] listen is 127.0.0.1:8080: the page is for this machine only.
        var plan = MdnsPlan.For(Load(TwoCameras));

        Assert.Equal(["_rtsp._tcp", "_rtsp._tcp"], plan.Services.Select(s => s.Type));
        Assert.Equal("the status page: http.listen is \"127.0.0.1:8080\", which only this machine can reach", Assert.Single(plan.NotAnnounced));

        var loopbackRtsp = MdnsPlan.For(Load(TwoCameras.Replace("0.0.0.0:9554", "127.0.0.1:9554", StringComparison.Ordinal)));
        Assert.Empty(loopbackRtsp.Services);
        Assert.Contains("rtsp.listen is \"127.0.0.1:9554\"", loopbackRtsp.NotAnnounced[0], StringComparison.Ordinal);
    }

    [Fact]
    public void APageWithoutTheWebServer_IsNotAnnounced()
    {
        var plan = MdnsPlan.For(Load(TwoCameras + "\n[http]\nenabled = false\n"));

        Assert.DoesNotContain(plan.Services, s => s.Type != "_rtsp._tcp");
        Assert.Empty(plan.NotAnnounced);
    }

    [Fact]
    public void AReloadThatChangesNothingAnnounced_KeepsThePlan_ARenameOrAPortDoesNot()
    {
        var running = MdnsPlan.For(Load(TwoCameras));

        Assert.True(running.SameServicesAs(MdnsPlan.For(Load(TwoCameras.Replace("fps = 30", "fps = 10", StringComparison.Ordinal)))));
        Assert.False(running.SameServicesAs(MdnsPlan.For(Load(TwoCameras.Replace("[camera.back]", "[camera.side]", StringComparison.Ordinal)))));
        Assert.False(running.SameServicesAs(MdnsPlan.For(Load(TwoCameras.Replace("9554", "9555", StringComparison.Ordinal)))));
    }

    [Fact]
    public void ALongInstanceName_IsCutToOneDnsLabel_WithoutSplittingACharacter()
    {
        var service = new DnsSdService("Edge " + new string('c', 50), "_rtsp._tcp", 554, "/c");

        var name = service.InstanceName("höhe-über-dem-meer");

        Assert.True(Encoding.UTF8.GetByteCount(name) <= 63, name);
        Assert.StartsWith("Edge cccc", name, StringComparison.Ordinal);
        Assert.Equal(name, Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(name)));
        Assert.Equal("Edge cam on pi", new DnsSdService("Edge cam", "_rtsp._tcp", 554, "/cam").InstanceName("pi"));
    }
}
