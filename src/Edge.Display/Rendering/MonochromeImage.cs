using Edge.Media.Text;

namespace Edge.Display.Rendering;

/// <summary>
/// A 128×64 one-bit picture, stored the way SSD13xx controllers take it: eight pages of eight
/// rows, one byte per column and page, bit 0 the page's top row. Sending it is a copy.
/// </summary>
public sealed class MonochromeImage : IEquatable<MonochromeImage>
{
    public const int Width = 128;
    public const int Height = 64;
    public const int Pages = Height / 8;

    private readonly byte[] _bytes = new byte[Width * Pages];

    /// <summary>The picture in controller order: page 0 columns 0 to 127, then page 1, and so on.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>One page (eight rows) as the controller takes it.</summary>
    public ReadOnlySpan<byte> Page(int page) => _bytes.AsSpan(page * Width, Width);

    public bool this[int x, int y]
    {
        get => (uint)x < Width && (uint)y < Height && (_bytes[Index(x, y)] & Bit(y)) != 0;
        set
        {
            // Drawing past an edge is clipped, so callers can lay text out without bounds checks.
            if ((uint)x >= Width || (uint)y >= Height)
                return;
            if (value)
                _bytes[Index(x, y)] |= Bit(y);
            else
                _bytes[Index(x, y)] &= (byte)~Bit(y);
        }
    }

    /// <summary>Lights (or darkens) a rectangle; used for the inverted title and error bars.</summary>
    public void Fill(int x, int y, int width, int height, bool lit)
    {
        for (var row = y; row < y + height; row++)
        {
            for (var column = x; column < x + width; column++)
                this[column, row] = lit;
        }
    }

    /// <summary>
    /// Draws <paramref name="text"/> with its top-left corner at (<paramref name="x"/>,
    /// <paramref name="y"/>) in the <see cref="BitmapFont"/>; <paramref name="lit"/> false draws
    /// dark text, for a lit bar. Returns the x just past the last character.
    /// </summary>
    public int DrawText(int x, int y, ReadOnlySpan<char> text, bool lit = true)
    {
        foreach (var c in text)
        {
            for (var row = 0; row < BitmapFont.GlyphHeight; row++)
            {
                for (var column = 0; column < BitmapFont.GlyphWidth; column++)
                {
                    if (BitmapFont.IsLit(c, column, row))
                        this[x + column, y + row] = lit;
                }
            }
            x += BitmapFont.CellWidth;
        }
        return x;
    }

    public bool Equals(MonochromeImage? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    public override bool Equals(object? obj) => Equals(obj as MonochromeImage);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }

    private static int Index(int x, int y) => ((y >> 3) * Width) + x;

    private static byte Bit(int y) => (byte)(1 << (y & 7));
}
