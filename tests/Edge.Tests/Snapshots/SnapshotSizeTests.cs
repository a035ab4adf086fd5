using Edge.Snapshots;

namespace Edge.Tests.Snapshots;

public sealed class SnapshotSizeTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("320", 320)]
    [InlineData("16", 16)]
    [InlineData("8192", 8192)]
    public void Reads_a_width_in_range(string? value, int? expected)
    {
        Assert.True(SnapshotSize.TryParseWidth(value, out var width, out var error), error);
        Assert.Equal(expected, width);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("-320")]
    [InlineData("+320")]
    [InlineData("320.5")]
    [InlineData(" 320")]
    [InlineData("0")]
    [InlineData("15")]
    [InlineData("8193")]
    [InlineData("99999999999999999999")]
    [InlineData("３２０")]
    public void Refuses_anything_else_saying_what_it_takes(string value)
    {
        Assert.False(SnapshotSize.TryParseWidth(value, out var width, out var error));
        Assert.Null(width);
        Assert.StartsWith("width must be a whole number of pixels from 16 to 8192", error, StringComparison.Ordinal);
        Assert.Contains(value.Length > 20 ? value[..20] : value, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1280, 720, null, 1280, 720)]
    [InlineData(1280, 720, 1280, 1280, 720)]
    [InlineData(1280, 720, 4000, 1280, 720)] // never scaled up
    [InlineData(1280, 720, 320, 320, 180)]
    [InlineData(1280, 720, 321, 320, 180)] // odd widths round down to even
    [InlineData(1280, 720, 100, 100, 56)] // 56.25 → the nearest even height
    [InlineData(640, 480, 16, 16, 12)]
    [InlineData(1920, 1080, 854, 854, 480)]
    [InlineData(320, 240, 17, 16, 12)]
    public void Keeps_the_aspect_with_even_sides(int pictureWidth, int pictureHeight, int? requested, int width, int height)
    {
        Assert.Equal((width, height), SnapshotSize.For(pictureWidth, pictureHeight, requested));
    }
}
