using System.Buffers.Binary;
using System.Text;

namespace Edge.Media.Mp4;

/// <summary>
/// Writes ISO base media file format boxes (ISO/IEC 14496-12) big-endian into a span. A box is
/// opened with <see cref="BeginBox"/>, which leaves room for its size, and closed with
/// <see cref="EndBox"/>, which fills the size in, so nested boxes need no size arithmetic.
/// </summary>
internal ref struct Mp4BoxWriter
{
    private readonly Span<byte> _destination;
    private int _position;

    public Mp4BoxWriter(Span<byte> destination)
    {
        _destination = destination;
    }

    /// <summary>Bytes written so far.</summary>
    public readonly int Position => _position;

    /// <summary>Opens a box of type <paramref name="type"/> (four ASCII letters) and returns where it starts, for <see cref="EndBox"/>.</summary>
    public int BeginBox(string type)
    {
        var start = _position;
        WriteUInt32(0);
        WriteFourCc(type);
        return start;
    }

    /// <summary>Opens a full box: a box whose body starts with a version byte and 24 bits of flags.</summary>
    public int BeginFullBox(string type, byte version, uint flags)
    {
        var start = BeginBox(type);
        WriteUInt32(((uint)version << 24) | (flags & 0xFFFFFF));
        return start;
    }

    /// <summary>Closes the box opened at <paramref name="start"/> by writing its size.</summary>
    public readonly void EndBox(int start) =>
        BinaryPrimitives.WriteUInt32BigEndian(_destination[start..], (uint)(_position - start));

    public void WriteFourCc(string type)
    {
        if (type.Length != 4 || Encoding.ASCII.GetBytes(type, _destination.Slice(_position, 4)) != 4)
            throw new ArgumentException($"A box type is four ASCII characters; got \"{type}\".", nameof(type));
        _position += 4;
    }

    public void WriteUInt8(byte value) => _destination[_position++] = value;

    public void WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_destination[_position..], value);
        _position += 2;
    }

    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_destination[_position..], value);
        _position += 4;
    }

    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(_destination[_position..], value);
        _position += 4;
    }

    public void WriteUInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64BigEndian(_destination[_position..], value);
        _position += 8;
    }

    public void WriteZeros(int count)
    {
        _destination.Slice(_position, count).Clear();
        _position += count;
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_destination[_position..]);
        _position += bytes.Length;
    }

    /// <summary>Room for a payload written by the caller; advances past it.</summary>
    public Span<byte> Reserve(int count)
    {
        var span = _destination.Slice(_position, count);
        _position += count;
        return span;
    }

    /// <summary>The unity transformation matrix of <c>mvhd</c> and <c>tkhd</c> (16.16 and 2.30 fixed point).</summary>
    public void WriteUnityMatrix()
    {
        WriteUInt32(0x00010000); WriteUInt32(0); WriteUInt32(0);
        WriteUInt32(0); WriteUInt32(0x00010000); WriteUInt32(0);
        WriteUInt32(0); WriteUInt32(0); WriteUInt32(0x40000000);
    }
}
