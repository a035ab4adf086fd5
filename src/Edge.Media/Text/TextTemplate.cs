using System.Globalization;
using System.Text;

namespace Edge.Media.Text;

/// <summary>
/// Text burned into pictures: strftime(3) conversions for the time (<c>%Y-%m-%d %H:%M:%S</c>),
/// <c>{camera}</c> for the camera's name and <c>{frame}</c> for the frame number, in the
/// printable ASCII that <see cref="BitmapFont"/> draws.
/// </summary>
/// <remarks>
/// Parsed once; <see cref="Format"/> writes into a buffer it keeps, so the per-frame cost is a
/// few dozen characters and no allocation.
/// </remarks>
public sealed class TextTemplate
{
    /// <summary>The strftime conversions understood, each the letter after '%'.</summary>
    public const string Conversions = "YymdeHIMSpjaAbBFTDRz%";

    private readonly List<(char Conversion, string Literal)> _parts;
    private readonly string _camera;
    private readonly StringBuilder _text = new(64);
    private char[] _buffer = new char[64];

    private TextTemplate(List<(char, string)> parts, string camera)
    {
        _parts = parts;
        _camera = camera;
    }

    /// <summary>
    /// Parses <paramref name="template"/>; false with the reason for an unknown <c>%</c>
    /// conversion, a '%' at the end, an unknown <c>{name}</c> or a character the font does not have.
    /// </summary>
    public static bool TryParse(string template, string camera, out TextTemplate? parsed, out string error)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(camera);
        parsed = null;
        var parts = new List<(char, string)>();
        var literal = new StringBuilder();
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '%')
            {
                if (i + 1 >= template.Length)
                {
                    error = "it ends with a lone '%' (write %% for a percent sign)";
                    return false;
                }
                var conversion = template[++i];
                if (!Conversions.Contains(conversion, StringComparison.Ordinal))
                {
                    error = $"%{conversion} is not a conversion Edge knows (it knows %{string.Join(" %", Conversions.ToCharArray())})";
                    return false;
                }
                Flush(parts, literal);
                parts.Add((conversion, ""));
            }
            else if (c == '{')
            {
                var close = template.IndexOf('}', i);
                var name = close < 0 ? template[(i + 1)..] : template[(i + 1)..close];
                if (close < 0 || name is not ("camera" or "frame"))
                {
                    error = $"{{{name}{(close < 0 ? "" : "}")} is not a placeholder Edge knows (it knows {{camera}} and {{frame}})";
                    return false;
                }
                Flush(parts, literal);
                parts.Add((name == "camera" ? 'c' : 'f', ""));
                i = close;
            }
            else if (c != '\n' && !BitmapFont.Has(c))
            {
                error = $"'{c}' is not printable ASCII, which is all the font has (a new line, \\n, starts another line)";
                return false;
            }
            else
            {
                literal.Append(c);
            }
        }
        Flush(parts, literal);
        parsed = new TextTemplate(parts, camera);
        error = "";
        return true;
    }

    /// <summary>Parses <paramref name="template"/> or throws <see cref="FormatException"/> with the reason.</summary>
    public static TextTemplate Parse(string template, string camera) =>
        TryParse(template, camera, out var parsed, out var error) ? parsed! : throw new FormatException($"text \"{template}\": {error}");

    /// <summary>The text for a picture taken at <paramref name="time"/> (local time as given), valid until the next call.</summary>
    public ReadOnlySpan<char> Format(DateTimeOffset time, long frameNumber)
    {
        var text = _text.Clear();
        var invariant = CultureInfo.InvariantCulture;
        foreach (var (conversion, literal) in _parts)
        {
            switch (conversion)
            {
                case '\0': text.Append(literal); break;
                case 'c': text.Append(_camera); break;
                case 'f': text.Append(frameNumber); break;
                case 'Y': text.Append(time.Year); break;
                case 'y': Two(text, time.Year % 100); break;
                case 'm': Two(text, time.Month); break;
                case 'd': Two(text, time.Day); break;
                case 'e': text.Append(time.Day < 10 ? " " : "").Append(time.Day); break;
                case 'H': Two(text, time.Hour); break;
                case 'I': Two(text, time.Hour % 12 == 0 ? 12 : time.Hour % 12); break;
                case 'M': Two(text, time.Minute); break;
                case 'S': Two(text, time.Second); break;
                case 'p': text.Append(time.Hour < 12 ? "AM" : "PM"); break;
                case 'j': text.Append(time.DayOfYear.ToString("000", invariant)); break;
                case 'a': text.Append(time.ToString("ddd", invariant)); break;
                case 'A': text.Append(time.ToString("dddd", invariant)); break;
                case 'b': text.Append(time.ToString("MMM", invariant)); break;
                case 'B': text.Append(time.ToString("MMMM", invariant)); break;
                case 'F': text.Append(time.Year).Append('-'); Two(text, time.Month); text.Append('-'); Two(text, time.Day); break;
                case 'T': Two(text, time.Hour); text.Append(':'); Two(text, time.Minute); text.Append(':'); Two(text, time.Second); break;
                case 'R': Two(text, time.Hour); text.Append(':'); Two(text, time.Minute); break;
                case 'D': Two(text, time.Month); text.Append('/'); Two(text, time.Day); text.Append('/'); Two(text, time.Year % 100); break;
                case 'z': text.Append(time.Offset < TimeSpan.Zero ? '-' : '+').Append(time.Offset.Duration().ToString("hhmm", invariant)); break;
                case '%': text.Append('%'); break;
            }
        }
        if (_buffer.Length < text.Length)
            _buffer = new char[text.Length * 2];
        text.CopyTo(0, _buffer, text.Length);
        return _buffer.AsSpan(0, text.Length);
    }

    private static void Two(StringBuilder text, int value) => text.Append((char)('0' + value / 10 % 10)).Append((char)('0' + value % 10));

    private static void Flush(List<(char, string)> parts, StringBuilder literal)
    {
        if (literal.Length == 0)
            return;
        parts.Add(('\0', literal.ToString()));
        literal.Clear();
    }
}
