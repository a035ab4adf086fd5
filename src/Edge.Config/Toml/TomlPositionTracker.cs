namespace Edge.Config.Toml;

/// <summary>
/// Turns an index into the text into a line and column. The parser asks for positions in
/// document order, so the tracker walks forward from the last answer and the whole parse costs
/// one pass over the text. Only an error report may ask for an earlier place; then it starts
/// over from the beginning, which happens once.
/// </summary>
internal sealed class TomlPositionTracker
{
    private readonly string _text;
    private readonly int _start;
    private int _index;
    private int _line;
    private int _column;

    public TomlPositionTracker(string text, int start)
    {
        _text = text;
        _start = start;
        Reset();
    }

    public TomlPosition At(int index)
    {
        if (index < _index)
            Reset();

        var text = _text;
        var limit = Math.Min(index, text.Length);
        for (; _index < limit; _index++)
        {
            var c = text[_index];
            if (c == '\n')
            {
                _line++;
                _column = 1;
            }
            else if (!char.IsLowSurrogate(c))
            {
                // The second half of a surrogate pair is the same character as the first.
                _column++;
            }
        }

        return new TomlPosition(_line, _column);
    }

    private void Reset()
    {
        _index = _start;
        _line = 1;
        _column = 1;
    }
}
