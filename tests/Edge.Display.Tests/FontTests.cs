using Edge.Display.Rendering;
using Edge.Display.Tests.Support;
using Edge.Media.Text;

namespace Edge.Display.Tests;

public sealed class FontTests
{
    private const string Printable = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";

    [Fact]
    public void Every_printable_character_has_its_own_glyph()
    {
        var seen = new Dictionary<string, char>();
        foreach (var c in Printable)
        {
            Assert.True(BitmapFont.Has(c));
            var glyph = Glyph(c);
            Assert.True(c == ' ' || glyph.Contains('#', StringComparison.Ordinal), $"'{c}' has no lit pixel");
            Assert.False(seen.TryGetValue(glyph, out var twin), $"'{c}' looks the same as '{twin}'");
            seen[glyph] = c;
        }
    }

    [Fact]
    public void A_character_outside_ascii_is_a_box_not_a_gap()
    {
        Assert.False(BitmapFont.Has('ü'));
        Assert.Equal(Glyph(BitmapFont.Unknown), Glyph('ü'));
        Assert.NotEqual(Glyph(' '), Glyph('ü'));
    }

    [Fact]
    public void Glyphs_stay_inside_their_cell()
    {
        foreach (var c in Printable)
        {
            Assert.False(BitmapFont.IsLit(c, BitmapFont.GlyphWidth, 0));
            Assert.False(BitmapFont.IsLit(c, 0, BitmapFont.GlyphHeight));
            Assert.False(BitmapFont.IsLit(c, -1, 0));
        }
    }

    [Fact]
    public void Only_descenders_reach_the_bottom_row_so_lines_stay_apart()
    {
        var reaching = Printable.Where(c => Enumerable.Range(0, BitmapFont.GlyphWidth).Any(x => BitmapFont.IsLit(c, x, BitmapFont.GlyphHeight - 1)));

        Assert.Equal("gjpqy", string.Concat(reaching));
    }

    /// <summary>The whole font as a person sees it on the panel.</summary>
    [Fact]
    public void The_font_looks_as_drawn()
    {
        var image = new MonochromeImage();
        for (var i = 0; i < Printable.Length; i += 20)
            image.DrawText(0, i / 20 * BitmapFont.CellHeight, Printable.AsSpan(i, Math.Min(20, Printable.Length - i)));

        Golden.AssertMatches(ToPicture(image), "font");
    }

    private static string Glyph(char c)
    {
        var text = new System.Text.StringBuilder();
        for (var y = 0; y < BitmapFont.GlyphHeight; y++)
        {
            for (var x = 0; x < BitmapFont.GlyphWidth; x++)
                text.Append(BitmapFont.IsLit(c, x, y) ? '#' : '.');
        }
        return text.ToString();
    }

    private static Picture ToPicture(MonochromeImage image)
    {
        var picture = new Picture(MonochromeImage.Width, MonochromeImage.Height);
        for (var y = 0; y < MonochromeImage.Height; y++)
        {
            for (var x = 0; x < MonochromeImage.Width; x++)
                picture[x, y] = image[x, y];
        }
        return picture;
    }
}
