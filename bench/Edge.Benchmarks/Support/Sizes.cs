using System.Globalization;

namespace Edge.Benchmarks.Support;

/// <summary>Picture sizes written as benchmark parameters ("1280x720").</summary>
public static class Sizes
{
    public static (int Width, int Height) Parse(string size)
    {
        var parts = size.Split('x');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var width)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var height))
        {
            throw new ArgumentException($"A size is WIDTHxHEIGHT, e.g. 1280x720; got '{size}'.", nameof(size));
        }

        return (width, height);
    }
}
