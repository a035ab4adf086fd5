namespace Edge.Media.H264;

/// <summary>
/// Cuts an H.264 Annex B byte stream, arriving in chunks of any size (a pipe from
/// <c>rpicam-vid</c>, a file), into access units: one coded picture with the parameter sets
/// and SEI that precede it.
/// </summary>
/// <remarks>
/// <para>A new access unit starts (H.264 7.4.1.2.3) at an access unit delimiter, SPS, PPS, SEI or
/// prefix NAL unit, or at a slice whose <c>first_mb_in_slice</c> is 0, once the unit being
/// collected already holds a picture. So a unit is known to be complete only when the first NAL
/// unit of the next one arrives; for a camera that is one frame interval later.</para>
/// <para>Memory is bounded: a unit longer than <see cref="MaxAccessUnitBytes"/> means the input is
/// not H.264 (or is corrupt) and is reported, never buffered without limit.</para>
/// </remarks>
public sealed class AnnexBAccessUnitSplitter
{
    /// <summary>The largest access unit accepted: far above any camera's IDR at 4K.</summary>
    public const int DefaultMaxAccessUnitBytes = 8 * 1024 * 1024;

    private byte[] _buffer;
    private int _length;

    // Where scanning for the next start code resumes (bytes before it were already searched).
    private int _scanFrom;

    // Start of the NAL unit (its header byte) currently being received, or -1 before the first.
    private int _currentNal = -1;

    // Offset of the start code that opens the unit being collected.
    private int _unitStart = -1;
    private bool _unitHasPicture;

    /// <summary>Creates a splitter.</summary>
    public AnnexBAccessUnitSplitter(int maxAccessUnitBytes = DefaultMaxAccessUnitBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAccessUnitBytes, 1024);
        MaxAccessUnitBytes = maxAccessUnitBytes;
        _buffer = new byte[Math.Min(maxAccessUnitBytes, 256 * 1024) + 4];
    }

    /// <summary>Largest access unit accepted before <see cref="InvalidDataException"/>.</summary>
    public int MaxAccessUnitBytes { get; }

    /// <summary>Bytes received before the first start code and discarded.</summary>
    public long DiscardedBytes { get; private set; }

    /// <summary>
    /// Appends <paramref name="data"/> and calls <paramref name="onAccessUnit"/> for every access
    /// unit it completes. The span handed to the callback is valid only during the call.
    /// </summary>
    /// <exception cref="InvalidDataException">An access unit grew beyond <see cref="MaxAccessUnitBytes"/>.</exception>
    public void Push(ReadOnlySpan<byte> data, AccessUnitHandler onAccessUnit)
    {
        ArgumentNullException.ThrowIfNull(onAccessUnit);
        while (!data.IsEmpty)
        {
            var room = _buffer.Length - _length;
            if (room == 0)
            {
                Grow();
                room = _buffer.Length - _length;
            }
            var take = Math.Min(room, data.Length);
            data[..take].CopyTo(_buffer.AsSpan(_length));
            _length += take;
            data = data[take..];
            Scan(onAccessUnit);
        }
    }

    /// <summary>
    /// At the end of the stream: hands over the last access unit (which has no successor to mark
    /// its end) and resets the splitter.
    /// </summary>
    public void Flush(AccessUnitHandler onAccessUnit)
    {
        ArgumentNullException.ThrowIfNull(onAccessUnit);
        if (_unitStart >= 0 && _unitHasPicture)
            onAccessUnit(TrimTrailingZeros(_buffer.AsSpan(_unitStart, _length - _unitStart)));
        Reset();
    }

    /// <summary>Drops everything buffered (after a source restart).</summary>
    public void Reset()
    {
        _length = 0;
        _scanFrom = 0;
        _currentNal = -1;
        _unitStart = -1;
        _unitHasPicture = false;
    }

    private void Scan(AccessUnitHandler onAccessUnit)
    {
        while (true)
        {
            // Need the three start-code bytes, the NAL header and the byte after it (first_mb_in_slice).
            var searchEnd = _length;
            var span = _buffer.AsSpan(_scanFrom, Math.Max(0, searchEnd - _scanFrom));
            var found = span.IndexOf(AnnexB.StartCode);
            if (found < 0 || _scanFrom + found + 4 >= _length)
            {
                // Keep the last two bytes searchable: a start code may straddle two chunks.
                if (found < 0)
                    _scanFrom = Math.Max(_scanFrom, _length - 2);
                else
                    _scanFrom += found;
                CheckLimit(startCodePending: found >= 0);
                return;
            }

            var startCode = _scanFrom + found;
            var header = startCode + 3;
            // A 4-byte start code (or trailing zeros) belongs to the start of the next unit.
            var startOfCode = startCode;
            while (startOfCode > 0 && _buffer[startOfCode - 1] == 0 && startOfCode > (_currentNal < 0 ? 0 : _currentNal))
                startOfCode--;

            // The buffer may be compacted when a unit is handed over, so the header moves.
            _scanFrom = OnNalUnitStart(startOfCode, header, onAccessUnit);
        }
    }

    private int OnNalUnitStart(int startOfCode, int header, AccessUnitHandler onAccessUnit)
    {
        if (_currentNal < 0 && _unitStart < 0)
        {
            DiscardedBytes += startOfCode;
            Compact(startOfCode, ref header);
            _unitStart = 0;
            _currentNal = header;
            _unitHasPicture = IsPicture(header);
            return header;
        }

        var type = (NalUnitType)(_buffer[header] & 0x1F);
        var startsNewUnit = _unitHasPicture && (type switch
        {
            NalUnitType.AccessUnitDelimiter or NalUnitType.Sps or NalUnitType.Pps or NalUnitType.Sei
                or NalUnitType.PrefixNalUnit or NalUnitType.SubsetSps => true,
            NalUnitType.IdrSlice or NalUnitType.NonIdrSlice => FirstMbInSliceIsZero(header),
            _ => false,
        });

        if (startsNewUnit)
        {
            onAccessUnit(TrimTrailingZeros(_buffer.AsSpan(_unitStart, startOfCode - _unitStart)));
            Compact(startOfCode, ref header);
            _unitStart = 0;
            _unitHasPicture = false;
        }

        _currentNal = header;
        if (IsPicture(header))
            _unitHasPicture = true;
        return header;
    }

    private bool IsPicture(int header) =>
        (NalUnitType)(_buffer[header] & 0x1F) is NalUnitType.IdrSlice or NalUnitType.NonIdrSlice;

    // first_mb_in_slice is the first ue(v) of the slice header; the value 0 is coded as a single
    // '1' bit, so the top bit of the byte after the NAL header tells. The byte must be there.
    private bool FirstMbInSliceIsZero(int header) => header + 1 < _length && (_buffer[header + 1] & 0x80) != 0;

    private void Compact(int from, ref int header)
    {
        if (from == 0)
            return;
        _buffer.AsSpan(from, _length - from).CopyTo(_buffer);
        _length -= from;
        _scanFrom = Math.Max(0, _scanFrom - from);
        header -= from;
    }

    private void Grow()
    {
        if (_buffer.Length >= MaxAccessUnitBytes + 4)
            throw TooLarge();
        var bigger = new byte[Math.Min((long)_buffer.Length * 2, MaxAccessUnitBytes + 4L)];
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        _buffer = bigger;
    }

    private void CheckLimit(bool startCodePending)
    {
        var pending = _unitStart < 0 ? _length : _length - _unitStart;
        if (pending > MaxAccessUnitBytes)
            throw TooLarge();
        if (_unitStart < 0 && !startCodePending && _length > 4)
        {
            // Still looking for the first start code: keep only the bytes that might begin one.
            DiscardedBytes += _length - 3;
            _buffer.AsSpan(_length - 3, 3).CopyTo(_buffer);
            _length = 3;
            _scanFrom = 0;
        }
    }

    private InvalidDataException TooLarge() => new(
        $"an H.264 access unit grew beyond {MaxAccessUnitBytes / (1024 * 1024)} MiB without ending; the input is not an H.264 Annex B stream or is corrupt");

    private static ReadOnlySpan<byte> TrimTrailingZeros(ReadOnlySpan<byte> unit)
    {
        var end = unit.Length;
        while (end > 0 && unit[end - 1] == 0)
            end--;
        return unit[..end];
    }
}

/// <summary>Receives one complete access unit in Annex B form; the span is valid only during the call.</summary>
public delegate void AccessUnitHandler(ReadOnlySpan<byte> accessUnit);
