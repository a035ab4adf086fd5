using Edge.Media.Text;
using Edge.Video.Overlay;

namespace Edge.Tests.Shared;

/// <summary>
/// Reads back text that a <see cref="TextOverlay"/> burned into a picture, from its luma: each
/// character cell is compared with every glyph of <see cref="BitmapFont"/> at the centre of each
/// scaled font pixel, and the closest glyph wins. Works on decoded JPEG or H.264 pictures, whose
/// coding noise moves a pixel by far less than the white-on-black threshold.
/// </summary>
internal static class CaptionReader
{
    private const int Threshold = 128;
    private const string Printable = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";

    /// <summary>
    /// The first line of a one-line caption in the bottom-left corner (where the test pattern's
    /// sits), trailing blanks trimmed.
    /// </summary>
    public static string ReadBottomLeft(ReadOnlySpan<byte> luma, int stride, int width, int height)
    {
        var overlay = new TextOverlay(width, height, OverlayPosition.BottomLeft);
        var x = overlay.Margin * 2;
        var y = height - 2 * overlay.Margin - BitmapFont.CellHeight * overlay.Scale;
        return ReadLine(luma, stride, x, y, overlay.Scale, (width - x) / (BitmapFont.CellWidth * overlay.Scale));
    }

    /// <summary>
    /// Reads up to <paramref name="maxCharacters"/> cells from (<paramref name="x"/>, <paramref name="y"/>),
    /// the top left of the first, stopping where the box's black padding above the line ends.
    /// </summary>
    public static string ReadLine(ReadOnlySpan<byte> luma, int stride, int x, int y, int scale, int maxCharacters)
    {
        // The overlay's black is luma 16; coding noise on a flat area stays within a few steps.
        const int BoxBlack = 28;
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < maxCharacters; i++)
        {
            var cellX = x + i * BitmapFont.CellWidth * scale;
            if (luma[(y - 1) * stride + cellX + BitmapFont.CellWidth * scale / 2] > BoxBlack)
                break;
            var best = '?';
            var bestDistance = int.MaxValue;
            foreach (var candidate in Printable)
            {
                var distance = 0;
                for (var row = 0; row < BitmapFont.GlyphHeight; row++)
                {
                    for (var column = 0; column < BitmapFont.GlyphWidth; column++)
                    {
                        var lit = luma[(y + row * scale + scale / 2) * stride + cellX + column * scale + scale / 2] >= Threshold;
                        if (lit != BitmapFont.IsLit(candidate, column, row))
                            distance++;
                    }
                }
                if (distance < bestDistance)
                {
                    bestDistance = distance;
                    best = candidate;
                }
            }
            text.Append(best);
        }
        return text.ToString().TrimEnd();
    }
}
