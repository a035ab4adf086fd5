using System.Text;

namespace Edge.Config.Toml;

/// <summary>Keys: bare, quoted and dotted, each segment with its own position.</summary>
internal sealed partial class TomlReader
{
    // The segments of the key being read. Reused; a key is fully placed in its table (see
    // ResolveKeyTarget) before the value is read, so a nested inline table may reuse it.
    private readonly List<KeySegment> _key = [];

    /// <summary>Reads a possibly dotted key into <see cref="_key"/>; stops after the whitespace that follows it.</summary>
    private void ReadKey()
    {
        _key.Clear();
        var text = _text;
        while (true)
        {
            SkipWhitespace();
            var start = _pos;
            var c = Peek();
            string name;
            if (c != EndOfInput && IsBareKeyChar((char)c))
            {
                var position = _positions.At(start);
                while (_pos < text.Length && IsBareKeyChar(text[_pos]))
                    _pos++;
                name = text.Substring(start, _pos - start);
                _key.Add(new KeySegment(name, position));
            }
            else if (c is '"' or '\'')
            {
                var position = _positions.At(start);
                if (LookingAt(c == '"' ? "\"\"\"" : "'''"))
                    throw Error(start, "a key cannot be a multi-line string");
                name = c == '"' ? ReadBasicString() : ReadLiteralString();
                _key.Add(new KeySegment(name, position));
            }
            else
            {
                var what = _key.Count == 0 ? "a key" : "a key after '.'";
                var hint = c is '=' && _key.Count == 0 ? " (the key is missing)" : "";
                throw Error(start, $"expected {what}, found {Describe(start)}{hint}");
            }

            SkipWhitespace();
            if (Peek() != '.')
                return;
            _pos++;
        }
    }

    /// <summary>TOML 1.0.0 bare keys: ASCII letters, digits, '-' and '_'.</summary>
    private static bool IsBareKeyChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';

    /// <summary>The first <paramref name="count"/> segments of the current key, written as TOML.</summary>
    private string FormatKey(int count)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
                text.Append('.');
            AppendKeySegment(text, _key[i].Name);
        }

        return text.ToString();
    }

    /// <summary>
    /// The key for a message: "fps", "camera.front"; a key with quoted segments is shown as
    /// written (a."b c"), since it already carries quotes.
    /// </summary>
    private string QuoteKey(int count)
    {
        var key = FormatKey(count);
        return key.Contains('"', StringComparison.Ordinal) ? key : $"\"{key}\"";
    }

    private static void AppendKeySegment(StringBuilder text, string name)
    {
        var bare = name.Length > 0;
        foreach (var c in name)
            bare &= IsBareKeyChar(c);
        if (bare)
        {
            text.Append(name);
            return;
        }

        // Quote it the way a person would have to write it in the file.
        text.Append('"');
        foreach (var c in name)
        {
            if (c is '"' or '\\')
                text.Append('\\').Append(c);
            else if (IsForbiddenControl(c))
                text.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            else
                text.Append(c);
        }

        text.Append('"');
    }

    private readonly record struct KeySegment(string Name, TomlPosition Position);
}
