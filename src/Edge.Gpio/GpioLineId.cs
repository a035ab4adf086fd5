using System.Globalization;

namespace Edge.Gpio;

/// <summary>A line as a person names it: by its name on the chip (<c>GPIO17</c>) or by its offset (<c>17</c>).</summary>
/// <param name="Name">The line's name, exactly as the chip spells it; null when <paramref name="Offset"/> is given.</param>
/// <param name="Offset">The line's offset on its chip; null when <paramref name="Name"/> is given.</param>
public sealed record GpioLineId(string? Name, int? Offset)
{
    /// <summary>A line by name.</summary>
    public static GpioLineId Named(string name) => new(name, null);

    /// <summary>A line by offset.</summary>
    public static GpioLineId At(int offset) => new(null, offset);

    /// <summary>"GPIO17" or "17", as the person wrote it.</summary>
    public override string ToString() => Name ?? Offset?.ToString(CultureInfo.InvariantCulture) ?? "";
}
