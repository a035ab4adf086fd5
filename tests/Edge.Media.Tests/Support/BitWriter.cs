namespace Edge.Media.Tests.Support;

/// <summary>Writes H.264 syntax elements MSB first, to build bitstreams by hand.</summary>
internal sealed class BitWriter
{
    private readonly List<byte> _bytes = [];
    private int _bitCount;

    public BitWriter Bits(uint value, int count)
    {
        for (var i = count - 1; i >= 0; i--)
            Bit(((value >> i) & 1) != 0);
        return this;
    }

    public BitWriter Bit(bool value)
    {
        if (_bitCount % 8 == 0)
            _bytes.Add(0);
        if (value)
            _bytes[^1] |= (byte)(0x80 >> (_bitCount % 8));
        _bitCount++;
        return this;
    }

    public BitWriter Flag(bool value) => Bit(value);

    /// <summary>ue(v).</summary>
    public BitWriter Ue(uint value)
    {
        var codeNum = (ulong)value + 1;
        var length = 64 - System.Numerics.BitOperations.LeadingZeroCount(codeNum);
        for (var i = 0; i < length - 1; i++)
            Bit(false);
        for (var i = length - 1; i >= 0; i--)
            Bit(((codeNum >> i) & 1) != 0);
        return this;
    }

    /// <summary>se(v).</summary>
    public BitWriter Se(int value) => Ue(value > 0 ? (uint)((2L * value) - 1) : (uint)(-2L * value));

    /// <summary>rbsp_trailing_bits: a one, then zeros to the byte boundary.</summary>
    public BitWriter TrailingBits()
    {
        Bit(true);
        while (_bitCount % 8 != 0)
            Bit(false);
        return this;
    }

    public byte[] ToArray() => [.. _bytes];
}
