using Edge.Config;

namespace Edge.Config.Tests.Binding;

/// <summary><c>[camera.NAME.overlay]</c>: text burned into the pictures.</summary>
public sealed class OverlaySettingsTests
{
    private static EdgeConfig Load(string toml)
    {
        var result = ConfigLoader.LoadText(toml, "t.toml");
        Assert.True(result.IsValid, string.Join('\n', result.Errors));
        return result.Config;
    }

    [Fact]
    public void Without_the_table_a_camera_has_no_overlay()
    {
        Assert.Null(Load("[camera.a]").Cameras[0].Overlay);
    }

    [Fact]
    public void An_empty_table_gives_the_name_and_time_bottom_left_at_the_automatic_size()
    {
        var overlay = Load("[camera.a]\n[camera.a.overlay]").Cameras[0].Overlay;

        Assert.Equal(new OverlayConfig { Text = "{camera} %Y-%m-%d %H:%M:%S", Position = OverlayCorner.BottomLeft, Size = 0 }, overlay);
    }

    [Theory]
    [InlineData("text = \"Gate 2 %T\"\nposition = \"top-right\"\nsize = 32", "Gate 2 %T", OverlayCorner.TopRight, 32)]
    [InlineData("text = \"\"", "", OverlayCorner.BottomLeft, 0)]
    [InlineData("text = \"{camera}\\n%F\"\nposition = \"TOP-LEFT\"", "{camera}\n%F", OverlayCorner.TopLeft, 0)]
    public void Values_are_read_as_written(string keys, string text, OverlayCorner position, int size)
    {
        var overlay = Load($"[camera.a]\n[camera.a.overlay]\n{keys}").Cameras[0].Overlay;

        Assert.Equal(new OverlayConfig { Text = text, Position = position, Size = size }, overlay);
    }

    [Theory]
    [InlineData("text = \"%Y %Q\"", "t.toml:3:8: camera.a.overlay.text \"%Y %Q\": %Q is not a conversion Edge knows")]
    [InlineData("text = \"{name}\"", "camera.a.overlay.text \"{name}\": {name} is not a placeholder Edge knows (it knows {camera} and {frame})")]
    [InlineData("text = \"Café\"", "'é' is not printable ASCII")]
    [InlineData("position = \"middle\"", "camera.a.overlay.position must be one of top-left, top-right, bottom-left, bottom-right; got \"middle\"")]
    [InlineData("size = 20", "camera.a.overlay.size is the height of a line in pixels and must be a multiple of 8 (the font is 8 pixels high, scaled whole), like 16")]
    [InlineData("size = 1000", "camera.a.overlay.size must be")]
    [InlineData("colour = \"red\"", "unknown key \"camera.a.overlay.colour\"")]
    public void Bad_values_are_located_and_explained(string line, string expected)
    {
        var result = ConfigLoader.LoadText($"[camera.a]\n[camera.a.overlay]\n{line}", "t.toml");

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.ToString().Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("source = \"rpicam\"", "comes encoded from rpicam-vid, so Edge never sees its pixels; remove the table")]
    [InlineData("source = \"file\"\nfile = \"/x.h264\"", "comes encoded from a file, so Edge never sees its pixels")]
    [InlineData("source = \"v4l2\"\nformat = \"h264\"\n[camera.a.encoder]\nkind = \"passthrough\"", "is passed through (camera.a.encoder.kind = \"passthrough\"), so Edge never sees its pixels; remove the table, or set camera.a.encoder.kind = \"auto\"")]
    public void Sources_whose_pixels_Edge_never_sees_cannot_have_one(string camera, string expected)
    {
        var result = ConfigLoader.LoadText($"[camera.a]\n{camera}\n[camera.a.overlay]\ntext = \"%T\"", "t.toml");

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.ToString().Contains("[camera.a.overlay] draws text into the pictures Edge encodes", StringComparison.Ordinal) && e.ToString().Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_passthrough_camera_may_keep_an_overlay_table_that_says_nothing() =>
        Assert.Equal("", Load("[camera.a]\nsource = \"rpicam\"\n[camera.a.overlay]\ntext = \"\"").Cameras[0].Overlay!.Text);
}
