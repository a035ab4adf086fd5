using System.Globalization;

namespace Edge.Snapshots;

/// <summary>
/// The <c>?width=</c> of a snapshot request, and the size it gives for a picture: scaled down
/// only, aspect kept, both sides even (4:2:0 chroma has one sample per 2×2 pixels).
/// </summary>
internal static class SnapshotSize
{
    /// <summary>The narrowest snapshot that may be asked for.</summary>
    public const int MinWidth = 16;

    /// <summary>The widest value accepted at all (wider is still capped to the camera's width).</summary>
    public const int MaxWidth = 8192;

    /// <summary>
    /// Reads the query value: null (absent) means the camera's size. Returns false with a message
    /// naming the parameter and what it takes when the value is not a whole number in range.
    /// </summary>
    public static bool TryParseWidth(string? value, out int? width, out string error)
    {
        width = null;
        error = "";
        if (value is null)
            return true;
        if (value.Length is > 0 and <= 5 && value.All(char.IsAsciiDigit)
            && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            && number is >= MinWidth and <= MaxWidth)
        {
            width = number;
            return true;
        }

        var shown = value.Length > 20 ? value[..20] + "…" : value;
        error = $"width must be a whole number of pixels from {MinWidth} to {MaxWidth} (the picture is scaled down to it, never up), got \"{shown}\"";
        return false;
    }

    /// <summary>
    /// The snapshot size for a <paramref name="pictureWidth"/>×<paramref name="pictureHeight"/>
    /// picture: its own size when <paramref name="requestedWidth"/> is null or not smaller, else
    /// that width (rounded down to even) and the height that keeps the aspect (rounded to even).
    /// </summary>
    public static (int Width, int Height) For(int pictureWidth, int pictureHeight, int? requestedWidth)
    {
        if (requestedWidth is not { } wanted || wanted >= pictureWidth)
            return (pictureWidth, pictureHeight);
        var width = Math.Max(2, wanted & ~1);
        var height = (int)Math.Round((double)pictureHeight * width / pictureWidth / 2, MidpointRounding.AwayFromZero) * 2;
        return (width, Math.Clamp(height, 2, pictureHeight));
    }
}
