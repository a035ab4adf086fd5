namespace Edge.Media.Streaming;

/// <summary>
/// The current group of pictures, from the last IDR to now, bounded by frames and bytes. When a
/// bound is crossed the cache is emptied and stays empty until the next IDR, so it only ever
/// holds a decodable run that starts with a keyframe.
/// </summary>
/// <remarks>Changed only by the hub's producer thread; the counters may be read from any thread.</remarks>
internal sealed class GopCache
{
    private readonly AccessUnit[] _units;
    private readonly long _maxBytes;
    private int _count;
    private long _bytes;
    private long _overflows;
    private bool _collecting;

    public GopCache(int maxFrames, long maxBytes)
    {
        _units = new AccessUnit[maxFrames];
        _maxBytes = maxBytes;
    }

    /// <summary>Frames held.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Bytes held.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Times a GOP outgrew the bounds and was dropped.</summary>
    public long Overflows => Interlocked.Read(ref _overflows);

    /// <summary>The cached units, the IDR first. Valid until the next <see cref="Add"/> or <see cref="Clear"/>.</summary>
    public ReadOnlySpan<AccessUnit> Units => _units.AsSpan(0, _count);

    /// <summary>
    /// Takes <paramref name="unit"/> into the cache (retaining it) if it starts or continues a
    /// GOP. Returns false when this unit made the GOP outgrow the bounds.
    /// </summary>
    public bool Add(AccessUnit unit)
    {
        if (_units.Length == 0)
            return true;
        if (unit.IsKeyframe)
        {
            Clear();
            _collecting = true;
        }
        else if (!_collecting)
        {
            return true;
        }

        if (_count == _units.Length || _bytes + unit.Length > _maxBytes)
        {
            Clear();
            _collecting = false;
            Interlocked.Increment(ref _overflows);
            return false;
        }

        _units[_count] = unit.Retain();
        Interlocked.Add(ref _bytes, unit.Length);
        Volatile.Write(ref _count, _count + 1);
        return true;
    }

    /// <summary>Releases every cached unit.</summary>
    public void Clear()
    {
        var count = _count;
        Volatile.Write(ref _count, 0);
        Interlocked.Exchange(ref _bytes, 0);
        for (var i = 0; i < count; i++)
        {
            var unit = _units[i];
            _units[i] = null!;
            unit.Release();
        }
    }
}
