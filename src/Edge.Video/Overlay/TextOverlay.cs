using Edge.Media.Text;

namespace Edge.Video.Overlay;

/// <summary>
/// Burns lines of text into I420 pictures with Edge's <see cref="BitmapFont"/>: white glyphs on a
/// dark box, each font pixel drawn as a square of <see cref="Scale"/> pixels, in one corner.
/// </summary>
/// <remarks>
/// Only the box is touched: a few fills and glyph runs per line, tens of microseconds at 1080p
/// (bench/README.md), so a Pi can afford it on every frame. The dark box keeps the text legible
/// over any scene and gives the encoder flat blocks around it. Chroma under the box is set
/// neutral, so the text is grey on any colour. Not thread-safe: one overlay per camera thread.
/// </remarks>
public sealed class TextOverlay
{
    // BT.601 video range: the darkest black and brightest white an encoder keeps as such.
    private const byte Black = 16;
    private const byte White = 235;
    private const byte NeutralChroma = 128;

    /// <param name="width">Picture width in pixels.</param>
    /// <param name="height">Picture height in pixels.</param>
    /// <param name="position">The corner the text sits in.</param>
    /// <param name="scale">Pixels per font pixel; 0 chooses by height (<see cref="ScaleFor"/>).</param>
    public TextOverlay(int width, int height, OverlayPosition position, int scale = 0)
    {
        VideoFramePool.ThrowIfBadSize(width, height);
        ArgumentOutOfRangeException.ThrowIfNegative(scale);
        Width = width;
        Height = height;
        Position = position;
        Scale = scale == 0 ? ScaleFor(height) : scale;
        // The margin to the picture's edge and the box's padding around the text, even so that
        // the box starts on a chroma sample.
        Margin = Even(Math.Max(2, Scale * 2));
    }

    /// <summary>Picture width the overlay draws into.</summary>
    public int Width { get; }

    /// <summary>Picture height the overlay draws into.</summary>
    public int Height { get; }

    /// <summary>The corner the text sits in.</summary>
    public OverlayPosition Position { get; }

    /// <summary>Pixels per font pixel: text lines are <c>8 × Scale</c> pixels apart.</summary>
    public int Scale { get; }

    /// <summary>Distance of the box from the picture's edges, and of the text from the box's edges.</summary>
    public int Margin { get; }

    /// <summary>
    /// The scale whose text is about a thirtieth of the picture's height: 2 at 480p (16-pixel
    /// lines), 3 at 720p, 4 at 1080p; at least 1.
    /// </summary>
    public static int ScaleFor(int height) => Math.Max(1, (int)Math.Round(height / 30.0 / BitmapFont.CellHeight));

    /// <summary>
    /// Draws <paramref name="text"/> (lines separated by '\n') into <paramref name="frame"/>. Text
    /// that does not fit is cut at the picture's edge; a picture narrower than one character gets nothing.
    /// </summary>
    public void Draw(VideoFrame frame, ReadOnlySpan<char> text)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Width != Width || frame.Height != Height)
            throw new ArgumentException($"Frame is {frame.Width}x{frame.Height}, the overlay draws into {Width}x{Height}.", nameof(frame));
        if (text.IsEmpty)
            return;

        var lines = 1;
        var longest = 0;
        var current = 0;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                lines++;
                current = 0;
                continue;
            }
            longest = Math.Max(longest, ++current);
        }

        var cell = BitmapFont.CellWidth * Scale;
        var lineHeight = BitmapFont.CellHeight * Scale;
        var boxWidth = Math.Min(Width - 2 * Margin, longest * cell + 2 * Margin - Scale) & ~1;
        var boxHeight = Math.Min(Height - 2 * Margin, lines * lineHeight + 2 * Margin) & ~1;
        if (boxWidth < cell || boxHeight < lineHeight)
            return;

        var left = Position is OverlayPosition.TopLeft or OverlayPosition.BottomLeft ? Margin : (Width - Margin - boxWidth) & ~1;
        var top = Position is OverlayPosition.TopLeft or OverlayPosition.TopRight ? Margin : (Height - Margin - boxHeight) & ~1;
        FillBox(frame, left, top, boxWidth, boxHeight);

        var x = left + Margin;
        var y = top + Margin;
        var right = left + boxWidth;
        var bottom = top + boxHeight;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                x = left + Margin;
                y += lineHeight;
                continue;
            }
            DrawGlyph(frame, c, x, y, right, bottom);
            x += cell;
        }
    }

    private static void FillBox(VideoFrame frame, int left, int top, int width, int height)
    {
        var planeY = frame.PlaneY;
        for (var row = top; row < top + height; row++)
            planeY.Slice(row * frame.StrideY + left, width).Fill(Black);
        var planeU = frame.PlaneU;
        var planeV = frame.PlaneV;
        for (var row = top / 2; row < (top + height) / 2; row++)
        {
            planeU.Slice(row * frame.StrideUV + left / 2, width / 2).Fill(NeutralChroma);
            planeV.Slice(row * frame.StrideUV + left / 2, width / 2).Fill(NeutralChroma);
        }
    }

    private void DrawGlyph(VideoFrame frame, char c, int x, int y, int right, int bottom)
    {
        if (x >= right)
            return;
        var planeY = frame.PlaneY;
        for (var glyphRow = 0; glyphRow < BitmapFont.GlyphHeight; glyphRow++)
        {
            var top = y + glyphRow * Scale;
            if (top + Scale > bottom)
                return;
            for (var glyphColumn = 0; glyphColumn < BitmapFont.GlyphWidth; glyphColumn++)
            {
                if (!BitmapFont.IsLit(c, glyphColumn, glyphRow))
                    continue;
                var start = x + glyphColumn * Scale;
                var run = Math.Min(Scale, right - start);
                if (run <= 0)
                    break;
                for (var dy = 0; dy < Scale; dy++)
                    planeY.Slice((top + dy) * frame.StrideY + start, run).Fill(White);
            }
        }
    }

    private static int Even(int value) => value & ~1;
}
