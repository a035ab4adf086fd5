namespace Edge.Media.H264;

/// <summary>
/// Walks the NAL units of an Annex B byte stream (H.264 annex B) without allocating. Use it with
/// <c>foreach</c> through <see cref="AnnexB.EnumerateNalUnits"/>.
/// </summary>
/// <remarks>
/// Both 3-byte (<c>00 00 01</c>) and 4-byte (<c>00 00 00 01</c>) start codes are accepted, bytes
/// before the first start code are skipped, and the zero bytes that pad a unit before the next
/// start code (<c>trailing_zero_8bits</c>) are not part of the unit. Empty units are skipped.
/// </remarks>
public ref struct AnnexBNalUnitEnumerator
{
    private readonly ReadOnlySpan<byte> _data;
    private int _next;
    private int _currentOffset;
    private int _currentLength;

    internal AnnexBNalUnitEnumerator(ReadOnlySpan<byte> data)
    {
        _data = data;
        var first = data.IndexOf(AnnexB.StartCode);
        _next = first < 0 ? -1 : first + AnnexB.StartCode.Length;
        _currentOffset = 0;
        _currentLength = 0;
    }

    /// <summary>The current NAL unit, header byte first, without its start code.</summary>
    public readonly ReadOnlySpan<byte> Current => _data.Slice(_currentOffset, _currentLength);

    /// <summary>Where <see cref="Current"/> starts in the buffer being enumerated.</summary>
    public readonly int CurrentOffset => _currentOffset;

    /// <summary>Length of <see cref="Current"/> in bytes.</summary>
    public readonly int CurrentLength => _currentLength;

    /// <summary>Returns this enumerator, so that it works with <c>foreach</c>.</summary>
    public readonly AnnexBNalUnitEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next non-empty NAL unit.</summary>
    public bool MoveNext()
    {
        while (_next >= 0)
        {
            var start = _next;
            var rest = _data[start..];
            var startCode = rest.IndexOf(AnnexB.StartCode);
            int end;
            if (startCode < 0)
            {
                end = _data.Length;
                _next = -1;
            }
            else
            {
                end = start + startCode;
                _next = end + AnnexB.StartCode.Length;
            }

            // A unit never ends in a zero byte (its RBSP ends in a stop bit), so zeros before the
            // next start code are padding or the first byte of a 4-byte start code.
            while (end > start && _data[end - 1] == 0)
                end--;

            if (end > start)
            {
                _currentOffset = start;
                _currentLength = end - start;
                return true;
            }
        }

        _currentOffset = 0;
        _currentLength = 0;
        return false;
    }
}
