using System.Text;

namespace Edge.Gpio;

/// <summary>The uAPI's fixed 32-byte, NUL-terminated name fields.</summary>
internal static class GpioStrings
{
    /// <summary>Reads up to the first NUL (or the whole field if the kernel filled it).</summary>
    public static string Decode(ReadOnlySpan<byte> field)
    {
        var end = field.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? field : field[..end]);
    }

    /// <summary>
    /// Writes <paramref name="value"/> NUL-terminated into a zeroed field, cut to the field's
    /// length minus one at a character boundary.
    /// </summary>
    public static void Encode(string value, Span<byte> field)
    {
        field.Clear();
        var limit = field.Length - 1;
        var written = 0;
        foreach (var rune in value.EnumerateRunes())
        {
            if (written + rune.Utf8SequenceLength > limit)
                break;
            written += rune.EncodeToUtf8(field[written..]);
        }
    }
}
