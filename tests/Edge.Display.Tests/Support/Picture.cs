namespace Edge.Display.Tests.Support;

/// <summary>A black and white picture as a person sees it: (0, 0) is the top left, true is a lit pixel.</summary>
internal sealed class Picture
{
    private readonly bool[] _pixels;

    public Picture(int width, int height)
    {
        Width = width;
        Height = height;
        _pixels = new bool[width * height];
    }

    public int Width { get; }

    public int Height { get; }

    public bool this[int x, int y]
    {
        get => _pixels[(y * Width) + x];
        set => _pixels[(y * Width) + x] = value;
    }

    public Picture RotatedHalfTurn()
    {
        var turned = new Picture(Width, Height);
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
                turned[Width - 1 - x, Height - 1 - y] = this[x, y];
        }
        return turned;
    }

    public int LitCount() => _pixels.Count(p => p);

    /// <summary>The pixels that differ, as "(x, y)" for a failure message; at most <paramref name="max"/>.</summary>
    public IReadOnlyList<string> Differences(Picture other, int max = 10)
    {
        if (other.Width != Width || other.Height != Height)
            return [$"size {other.Width}x{other.Height} instead of {Width}x{Height}"];
        var found = new List<string>();
        for (var y = 0; y < Height && found.Count < max; y++)
        {
            for (var x = 0; x < Width && found.Count < max; x++)
            {
                if (this[x, y] != other[x, y])
                    found.Add($"({x}, {y})");
            }
        }
        return found;
    }

    /// <summary>The picture as text, '#' lit and '.' dark, one line per row: for reading a failure in the log.</summary>
    public string ToText()
    {
        var text = new System.Text.StringBuilder();
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
                text.Append(this[x, y] ? '#' : '.');
            text.Append('\n');
        }
        return text.ToString();
    }
}
