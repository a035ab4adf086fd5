using System.Globalization;

namespace Edge.Config;

/// <summary>A GPIO line named as users wire it: by its name (<c>GPIO17</c>) or its offset on the chip (<c>17</c>).</summary>
public sealed record GpioLineRef(string? Name, int? Offset)
{
    public override string ToString() => Name ?? Offset?.ToString(CultureInfo.InvariantCulture) ?? "";
}
