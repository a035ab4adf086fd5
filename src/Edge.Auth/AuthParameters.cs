using System.Text;

namespace Edge.Auth;

/// <summary>
/// The <c>auth-param</c> list of an <c>Authorization</c> header (RFC 7235 2.1):
/// <c>name=token</c> or <c>name="quoted string"</c>, separated by commas.
/// </summary>
internal static class AuthParameters
{
    private const int MaxParameters = 20;

    /// <summary>Parses the list; false when it is malformed or a name repeats. Names are lower-cased.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Dictionary<string, string> parameters)
    {
        parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var position = 0;
        while (true)
        {
            position = SkipSeparators(text, position);
            if (position >= text.Length)
                return true;
            if (parameters.Count == MaxParameters)
                return false;

            var nameStart = position;
            while (position < text.Length && IsTokenChar(text[position]))
                position++;
            if (position == nameStart)
                return false;
            var name = text[nameStart..position].ToString().ToLowerInvariant();

            position = SkipSpaces(text, position);
            if (position >= text.Length || text[position] != '=')
                return false;
            position = SkipSpaces(text, position + 1);

            string value;
            if (position < text.Length && text[position] == '"')
            {
                var builder = new StringBuilder();
                position++;
                var closed = false;
                while (position < text.Length)
                {
                    var c = text[position++];
                    if (c == '"')
                    {
                        closed = true;
                        break;
                    }

                    if (c == '\\')
                    {
                        if (position >= text.Length)
                            return false;
                        c = text[position++];
                    }

                    builder.Append(c);
                }

                if (!closed)
                    return false;
                value = builder.ToString();
            }
            else
            {
                var valueStart = position;
                while (position < text.Length && IsTokenChar(text[position]))
                    position++;
                value = text[valueStart..position].ToString();
            }

            if (!parameters.TryAdd(name, value))
                return false;

            position = SkipSpaces(text, position);
            if (position < text.Length && text[position] != ',')
                return false;
        }
    }

    private static int SkipSeparators(ReadOnlySpan<char> text, int position)
    {
        while (position < text.Length && text[position] is ' ' or '\t' or ',')
            position++;
        return position;
    }

    private static int SkipSpaces(ReadOnlySpan<char> text, int position)
    {
        while (position < text.Length && text[position] is ' ' or '\t')
            position++;
        return position;
    }

    /// <summary>RFC 7230 <c>tchar</c>, plus <c>/</c>, which some clients leave unquoted in a URI.</summary>
    private static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~' or '/';
}
