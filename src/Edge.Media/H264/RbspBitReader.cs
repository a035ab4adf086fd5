namespace Edge.Media.H264;

/// <summary>
/// Reads the bit-level syntax elements of an RBSP (H.264 7.2): fixed-width <c>u(n)</c> and
/// Exp-Golomb <c>ue(v)</c> / <c>se(v)</c>, most significant bit first.
/// </summary>
/// <remarks>
/// Reading past the end never indexes out of range: it throws <see cref="InvalidDataException"/>
/// that says where the data ended, and so does an Exp-Golomb code longer than 32 bits.
/// </remarks>
public ref struct RbspBitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _byteOffset;
    private int _bitOffset;

    /// <summary>Starts at the first bit of <paramref name="rbsp"/> (emulation prevention already removed).</summary>
    public RbspBitReader(ReadOnlySpan<byte> rbsp)
    {
        _data = rbsp;
        _byteOffset = 0;
        _bitOffset = 0;
    }

    /// <summary>Bits read so far.</summary>
    public readonly long Position => (_byteOffset * 8L) + _bitOffset;

    /// <summary>Bits left to read.</summary>
    public readonly long BitsRemaining => (_data.Length * 8L) - Position;

    /// <summary>True when the reader sits on a byte boundary.</summary>
    public readonly bool IsByteAligned => _bitOffset == 0;

    /// <summary>Reads one bit, <c>u(1)</c>.</summary>
    public bool ReadBit()
    {
        if (_byteOffset >= _data.Length)
            throw Truncated(1);
        var bit = (_data[_byteOffset] >> (7 - _bitOffset)) & 1;
        if (++_bitOffset == 8)
        {
            _bitOffset = 0;
            _byteOffset++;
        }

        return bit != 0;
    }

    /// <summary>Reads <paramref name="count"/> (0-32) bits as an unsigned number, <c>u(n)</c>.</summary>
    public uint ReadBits(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 32);
        if (count > BitsRemaining)
            throw Truncated(count);

        uint value = 0;
        while (count > 0)
        {
            var available = 8 - _bitOffset;
            var take = Math.Min(available, count);
            var bits = (_data[_byteOffset] >> (available - take)) & ((1 << take) - 1);
            value = (value << take) | (uint)bits;
            count -= take;
            _bitOffset += take;
            if (_bitOffset == 8)
            {
                _bitOffset = 0;
                _byteOffset++;
            }
        }

        return value;
    }

    /// <summary>Reads 8 bits.</summary>
    public byte ReadByte() => (byte)ReadBits(8);

    /// <summary>Skips <paramref name="count"/> bits.</summary>
    public void SkipBits(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > BitsRemaining)
            throw Truncated(count);
        var position = Position + count;
        _byteOffset = (int)(position / 8);
        _bitOffset = (int)(position % 8);
    }

    /// <summary>Reads an unsigned Exp-Golomb code, <c>ue(v)</c> (0 to 2^32 - 2).</summary>
    public uint ReadUnsignedExpGolomb()
    {
        var start = Position;
        var leadingZeros = 0;
        while (!ReadBit())
        {
            if (++leadingZeros > 31)
                throw new InvalidDataException(
                    $"H.264 Exp-Golomb code at bit {start} has more than 31 leading zero bits; the data is corrupt.");
        }

        if (leadingZeros == 0)
            return 0;
        return ((1u << leadingZeros) - 1) + ReadBits(leadingZeros);
    }

    /// <summary>Reads a signed Exp-Golomb code, <c>se(v)</c>.</summary>
    public int ReadSignedExpGolomb()
    {
        long codeNum = ReadUnsignedExpGolomb();
        return (codeNum & 1) != 0 ? (int)((codeNum + 1) / 2) : (int)-(codeNum / 2);
    }

    /// <summary>
    /// True while syntax data remains before the <c>rbsp_stop_one_bit</c> (H.264 7.2, <c>more_rbsp_data()</c>).
    /// </summary>
    public readonly bool HasMoreRbspData()
    {
        // Find the last set bit in the buffer: that is the stop bit.
        var last = _data.Length - 1;
        while (last >= 0 && _data[last] == 0)
            last--;
        if (last < 0)
            return false;
        var stopBit = (last * 8L) + 7 - System.Numerics.BitOperations.TrailingZeroCount(_data[last]);
        return Position < stopBit;
    }

    private readonly InvalidDataException Truncated(long bits) =>
        new($"H.264 bitstream ended early: needed {bits} more bit(s) at bit {Position}, but it has only {_data.Length * 8L}.");
}
