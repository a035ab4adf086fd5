using System.Text;

namespace Edge.Video.Sources.Rpicam;

/// <summary>
/// Splits a configured command line into a program and its arguments the way a POSIX shell
/// would for plain words: whitespace separates, single and double quotes group, a backslash
/// escapes the next character. No expansion of any kind happens, so a config value can never
/// run something other than the one program it names.
/// </summary>
public static class CommandLine
{
    /// <summary>Splits <paramref name="command"/>; throws <see cref="FormatException"/> on an unclosed quote.</summary>
    public static IReadOnlyList<string> Split(string command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char quote = '\0';
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            if (quote == '\'')
            {
                if (c == '\'')
                    quote = '\0';
                else
                    word.Append(c);
                continue;
            }
            if (quote == '"')
            {
                if (c == '"')
                    quote = '\0';
                else if (c == '\\' && i + 1 < command.Length && command[i + 1] is '"' or '\\')
                    word.Append(command[++i]);
                else
                    word.Append(c);
                continue;
            }
            if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
                continue;
            }
            inWord = true;
            if (c is '\'' or '"')
                quote = c;
            else if (c == '\\' && i + 1 < command.Length)
                word.Append(command[++i]);
            else
                word.Append(c);
        }
        if (quote != '\0')
            throw new FormatException($"the command has an unclosed {quote} quote");
        if (inWord)
            words.Add(word.ToString());
        return words;
    }
}
