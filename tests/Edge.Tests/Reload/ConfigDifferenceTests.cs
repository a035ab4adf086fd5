using Edge.Config;
using Edge.Reload;

namespace Edge.Tests.Reload;

public sealed class ConfigDifferenceTests
{
    private const string Base = """
        [rtsp]
        listen = "127.0.0.1:8554"
        auth = "digest"
        [[rtsp.users]]
        name = "viewer"
        password = "secret-1"

        [camera.front]
        source = "test"
        fps = 30
        [camera.front.encoder]
        codec = ["libx264", "libopenh264"]

        [camera.back]
        source = "test"
        fps = 15

        [[push]]
        camera = "front"
        url = "rtmp://127.0.0.1/live/key-1"

        [[push]]
        camera = "back"
        url = "rtmp://127.0.0.1/live/key-2"

        [mqtt]
        url = "mqtt://127.0.0.1:1883"

        [log]
        level = "info"
        """;

    private static EdgeConfig Load(string text)
    {
        var result = ConfigLoader.LoadText(text, "edge.toml");
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Config;
    }

    [Fact]
    public void TwoLoadsOfTheSameFile_DifferInNothing()
    {
        // Each load makes new lists and URL objects: only value equality sees them as the same.
        var difference = ConfigDifference.Between(Load(Base), Load(Base));

        Assert.True(difference.IsEmpty, difference.ToString());
    }

    [Fact]
    public void ACamerasRate_ChangesThatCameraAndRestartsItsPushOnly()
    {
        var difference = ConfigDifference.Between(Load(Base), Load(Base.Replace("fps = 15", "fps = 10", StringComparison.Ordinal)));

        Assert.Equal(["back"], difference.CamerasChanged.Select(c => c.Name));
        Assert.Equal(10, difference.CamerasChanged[0].Fps);
        Assert.Empty(difference.CamerasAdded);
        Assert.Empty(difference.CamerasRemoved);
        // The push's stream metadata carries the camera's rate, so it starts again with it.
        Assert.Equal(["back"], difference.PushesRemoved.Select(p => p.Camera));
        Assert.Equal(["back"], difference.PushesAdded.Select(p => p.Camera));
        Assert.Equal(ConfigSections.None, difference.SectionsChanged);
    }

    [Fact]
    public void TheOnvifTable_IsASectionOfItsOwn()
    {
        var difference = ConfigDifference.Between(Load(Base), Load(Base + "\n[onvif]\nlocation = \"barn\"\n"));

        Assert.Equal(ConfigSections.Onvif, difference.SectionsChanged);
        Assert.Empty(difference.CamerasChanged);
    }

    [Fact]
    public void TheMdnsTable_IsASectionOfItsOwn()
    {
        var difference = ConfigDifference.Between(Load(Base), Load(Base + "\n[mdns]\nenabled = false\n"));

        Assert.Equal(ConfigSections.Mdns, difference.SectionsChanged);
        Assert.Empty(difference.CamerasChanged);
    }

    [Fact]
    public void AnEncodersCodecList_IsComparedByItsItems()
    {
        var reordered = Base.Replace("[\"libx264\", \"libopenh264\"]", "[\"libopenh264\", \"libx264\"]", StringComparison.Ordinal);

        var difference = ConfigDifference.Between(Load(Base), Load(reordered));

        Assert.Equal(["front"], difference.CamerasChanged.Select(c => c.Name));
    }

    [Fact]
    public void AddedAndRemovedCameras_AreNamed()
    {
        var next = Base.Replace("[camera.back]", "[camera.side]", StringComparison.Ordinal).Replace("camera = \"back\"", "camera = \"side\"", StringComparison.Ordinal);

        var difference = ConfigDifference.Between(Load(Base), Load(next));

        Assert.Equal(["side"], difference.CamerasAdded.Select(c => c.Name));
        Assert.Equal(["back"], difference.CamerasRemoved);
        Assert.Empty(difference.CamerasChanged);
        Assert.Equal(["back"], difference.PushesRemoved.Select(p => p.Camera));
        Assert.Equal(["side"], difference.PushesAdded.Select(p => p.Camera));
    }

    [Fact]
    public void AnAddedPush_StartsOnlyThatPush()
    {
        var next = Base + """

            [[push]]
            camera = "back"
            url = "rtmp://127.0.0.1/live/key-3"
            """;

        var difference = ConfigDifference.Between(Load(Base), Load(next));

        Assert.Empty(difference.PushesRemoved);
        var added = Assert.Single(difference.PushesAdded);
        Assert.Equal("key-3", added.Url.StreamKey);
        Assert.Empty(difference.CamerasChanged);
        Assert.Equal(ConfigSections.None, difference.SectionsChanged);
    }

    [Fact]
    public void APushsStreamKey_ReplacesThatPush()
    {
        var difference = ConfigDifference.Between(Load(Base), Load(Base.Replace("key-1", "key-9", StringComparison.Ordinal)));

        Assert.Equal("key-1", Assert.Single(difference.PushesRemoved).Url.StreamKey);
        Assert.Equal("key-9", Assert.Single(difference.PushesAdded).Url.StreamKey);
        Assert.Empty(difference.CamerasChanged);
    }

    [Fact]
    public void AnRtspUsersPassword_ChangesRtspAndTheWebLoginThatSharesIt()
    {
        var difference = ConfigDifference.Between(Load(Base), Load(Base.Replace("secret-1", "secret-2", StringComparison.Ordinal)));

        // Without [[http.users]] the page takes its login from [[rtsp.users]].
        Assert.Equal(ConfigSections.Rtsp | ConfigSections.Http, difference.SectionsChanged);
        Assert.Empty(difference.CamerasChanged);
        Assert.Empty(difference.PushesAdded);
    }

    [Theory]
    [InlineData("level = \"info\"", "level = \"debug\"", "Log")]
    [InlineData("mqtt://127.0.0.1:1883", "mqtt://127.0.0.1:1884", "Mqtt")]
    [InlineData("[log]", "[http]\nlisten = \"127.0.0.1:8081\"\n[log]", "Http")]
    [InlineData("[log]", "[device]\nname = \"porch\"\n[log]", "Device, Mqtt")] // MQTT's default base topic is the device's name
    [InlineData("[log]", "[display]\nbus = 1\n[log]", "Display")]
    [InlineData("[log]", "[leds]\nstatus = \"GPIO17\"\n[log]", "Gpio")]
    public void AChangedTable_IsNamed(string before, string after, string expected)
    {
        var difference = ConfigDifference.Between(Load(Base), Load(Base.Replace(before, after, StringComparison.Ordinal)));

        Assert.Equal(Enum.Parse<ConfigSections>(expected), difference.SectionsChanged);
        Assert.Empty(difference.CamerasChanged);
        Assert.Empty(difference.PushesRemoved);
    }
}
