using System.Buffers.Binary;
using System.Text;

namespace Edge.Rtmp.Amf;

/// <summary>Reads AMF0 values from one message payload.</summary>
/// <remarks>
/// Every length is checked against what is left of the payload before it is trusted, and nesting
/// is bounded, so a hostile server can neither make the reader allocate more than the payload
/// holds nor recurse without end.
/// </remarks>
internal ref struct Amf0Reader
{
    /// <summary>Objects nested deeper than this are refused.</summary>
    public const int MaxDepth = 32;

    private readonly ReadOnlySpan<byte> _data;
    private int _position;
    private List<Amf0Value?>? _references;

    public Amf0Reader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
        _references = null;
    }

    /// <summary>Bytes not read yet.</summary>
    public readonly int Remaining => _data.Length - _position;

    /// <summary>Bytes read so far.</summary>
    public readonly int Consumed => _position;

    /// <summary>Reads the next value.</summary>
    /// <exception cref="InvalidDataException">The payload ends inside the value, or holds a marker Edge does not read.</exception>
    public Amf0Value ReadValue() => ReadValue(0);

    /// <summary>Reads the next value, or returns false at the end of the payload.</summary>
    public bool TryReadValue(out Amf0Value value)
    {
        if (Remaining == 0)
        {
            value = Amf0Value.Undefined;
            return false;
        }
        value = ReadValue(0);
        return true;
    }

    private Amf0Value ReadValue(int depth)
    {
        if (depth > MaxDepth)
            throw new InvalidDataException($"AMF0: values nested more than {MaxDepth} deep.");
        var marker = (Amf0Type)Take(1)[0];
        switch (marker)
        {
            case Amf0Type.Number:
                return Amf0Value.FromNumber(BinaryPrimitives.ReadDoubleBigEndian(Take(8)));
            case Amf0Type.Boolean:
                return Amf0Value.FromBoolean(Take(1)[0] != 0);
            case Amf0Type.String:
                return Amf0Value.FromString(ReadUtf8(BinaryPrimitives.ReadUInt16BigEndian(Take(2))));
            case Amf0Type.LongString:
            case Amf0Type.XmlDocument:
                return Amf0Value.FromString(ReadUtf8(ReadLength32()), marker);
            case Amf0Type.Null:
                return Amf0Value.Null;
            case Amf0Type.Undefined:
            case Amf0Type.Unsupported:
                return Amf0Value.Undefined;
            case Amf0Type.Object:
                {
                    var slot = ReserveReference();
                    return Remember(slot, Amf0Value.FromProperties(Amf0Type.Object, ReadProperties(depth)));
                }
            case Amf0Type.TypedObject:
                {
                    var slot = ReserveReference();
                    var className = ReadUtf8(BinaryPrimitives.ReadUInt16BigEndian(Take(2)));
                    return Remember(slot, Amf0Value.FromProperties(Amf0Type.TypedObject, ReadProperties(depth), className));
                }
            case Amf0Type.EcmaArray:
                {
                    var slot = ReserveReference();
                    Take(4); // the count is only a hint; the object-end marker ends the array
                    return Remember(slot, Amf0Value.FromProperties(Amf0Type.EcmaArray, ReadProperties(depth)));
                }
            case Amf0Type.StrictArray:
                {
                    var slot = ReserveReference();
                    var count = ReadLength32();
                    // Each item takes at least one byte, so a count beyond what is left is a lie.
                    var items = new List<Amf0Value>(count);
                    for (var i = 0; i < count; i++)
                        items.Add(ReadValue(depth + 1));
                    return Remember(slot, Amf0Value.FromItems(items));
                }
            case Amf0Type.Date:
                {
                    var milliseconds = BinaryPrimitives.ReadDoubleBigEndian(Take(8));
                    Take(2); // time zone: reserved, always 0
                    return Amf0Value.FromDate(milliseconds);
                }
            case Amf0Type.Reference:
                {
                    var index = BinaryPrimitives.ReadUInt16BigEndian(Take(2));
                    if (_references is null || index >= _references.Count || _references[index] is not { } target)
                        throw new InvalidDataException($"AMF0: reference to object {index}, which was not read before.");
                    return target;
                }
            default:
                throw new InvalidDataException($"AMF0: value type 0x{(byte)marker:X2} ({marker}) is not supported.");
        }
    }

    private List<KeyValuePair<string, Amf0Value>> ReadProperties(int depth)
    {
        var properties = new List<KeyValuePair<string, Amf0Value>>();
        while (true)
        {
            var nameLength = BinaryPrimitives.ReadUInt16BigEndian(Take(2));
            if (nameLength == 0 && Remaining > 0 && _data[_position] == (byte)Amf0Type.ObjectEnd)
            {
                _position++;
                return properties;
            }
            var name = ReadUtf8(nameLength);
            properties.Add(new KeyValuePair<string, Amf0Value>(name, ReadValue(depth + 1)));
        }
    }

    // Complex values are numbered in the order they start (AMF0 2.9), so the slot is taken
    // before the children are read and filled once the value is complete.
    private int ReserveReference()
    {
        _references ??= [];
        _references.Add(null);
        return _references.Count - 1;
    }

    private readonly Amf0Value Remember(int slot, Amf0Value value)
    {
        _references![slot] = value;
        return value;
    }

    private int ReadLength32()
    {
        var length = BinaryPrimitives.ReadUInt32BigEndian(Take(4));
        if (length > (uint)Remaining)
            throw new InvalidDataException($"AMF0: a length of {length} bytes runs past the end of the payload ({Remaining} left).");
        return (int)length;
    }

    private string ReadUtf8(int length) => Encoding.UTF8.GetString(Take(length));

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > Remaining)
            throw new InvalidDataException($"AMF0: the payload ends {count - Remaining} bytes early.");
        var span = _data.Slice(_position, count);
        _position += count;
        return span;
    }
}
