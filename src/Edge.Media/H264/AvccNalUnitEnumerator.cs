namespace Edge.Media.H264;

/// <summary>
/// Walks the NAL units of a length-prefixed (AVCC, ISO 14496-15) buffer without allocating. Use it
/// with <c>foreach</c> through <see cref="Avcc.EnumerateNalUnits"/>.
/// </summary>
/// <remarks>Zero-length units are skipped. A length that runs past the buffer throws <see cref="InvalidDataException"/>.</remarks>
public ref struct AvccNalUnitEnumerator
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly int _lengthSize;
    private int _next;
    private int _currentOffset;
    private int _currentLength;

    internal AvccNalUnitEnumerator(ReadOnlySpan<byte> data, int lengthSize)
    {
        _data = data;
        _lengthSize = lengthSize;
        _next = 0;
        _currentOffset = 0;
        _currentLength = 0;
    }

    /// <summary>The current NAL unit, header byte first, without its length prefix.</summary>
    public readonly ReadOnlySpan<byte> Current => _data.Slice(_currentOffset, _currentLength);

    /// <summary>Where <see cref="Current"/> starts in the buffer being enumerated.</summary>
    public readonly int CurrentOffset => _currentOffset;

    /// <summary>Length of <see cref="Current"/> in bytes.</summary>
    public readonly int CurrentLength => _currentLength;

    /// <summary>Returns this enumerator, so that it works with <c>foreach</c>.</summary>
    public readonly AvccNalUnitEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next non-empty NAL unit.</summary>
    /// <exception cref="InvalidDataException">A length prefix is cut off or points past the end of the buffer.</exception>
    public bool MoveNext()
    {
        while (_next < _data.Length)
        {
            var remaining = _data.Length - _next;
            if (remaining < _lengthSize)
                throw new InvalidDataException(
                    $"AVCC buffer ends inside a {_lengthSize}-byte NAL unit length at offset {_next} of {_data.Length}.");

            var length = Avcc.ReadLength(_data.Slice(_next, _lengthSize));
            var start = _next + _lengthSize;
            if (length > (ulong)(_data.Length - start))
                throw new InvalidDataException(
                    $"AVCC NAL unit at offset {_next} claims {length} bytes but only {_data.Length - start} remain.");

            _next = start + (int)length;
            if (length == 0)
                continue;

            _currentOffset = start;
            _currentLength = (int)length;
            return true;
        }

        _currentOffset = 0;
        _currentLength = 0;
        return false;
    }
}
