using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Edge.Rtmp.Amf;

/// <summary>
/// Writes AMF0 values (the encoding of RTMP commands and FLV script data) into a buffer writer.
/// </summary>
/// <remarks>
/// Objects and ECMA arrays are written as a start, name/value pairs and <see cref="WriteObjectEnd"/>:
/// <code>amf.WriteObjectStart(); amf.WritePropertyName("app"); amf.WriteString("live"); amf.WriteObjectEnd();</code>
/// Strings longer than 65535 UTF-8 bytes become long strings (marker 0x0C), as the format asks.
/// </remarks>
internal readonly struct Amf0Writer
{
    private readonly IBufferWriter<byte> _output;

    public Amf0Writer(IBufferWriter<byte> output)
    {
        _output = output;
    }

    public void WriteNumber(double value)
    {
        var span = _output.GetSpan(9);
        span[0] = (byte)Amf0Type.Number;
        BinaryPrimitives.WriteDoubleBigEndian(span[1..], value);
        _output.Advance(9);
    }

    public void WriteBoolean(bool value)
    {
        var span = _output.GetSpan(2);
        span[0] = (byte)Amf0Type.Boolean;
        span[1] = value ? (byte)1 : (byte)0;
        _output.Advance(2);
    }

    /// <summary>A string (marker 0x02), or a long string (0x0C) when it needs more than 65535 bytes.</summary>
    public void WriteString(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        if (length > ushort.MaxValue)
        {
            var span = _output.GetSpan(5 + length);
            span[0] = (byte)Amf0Type.LongString;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)length);
            Encoding.UTF8.GetBytes(value, span[5..]);
            _output.Advance(5 + length);
            return;
        }

        var shortSpan = _output.GetSpan(1 + 2 + length);
        shortSpan[0] = (byte)Amf0Type.String;
        WriteUtf8(shortSpan[1..], value, length);
        _output.Advance(1 + 2 + length);
    }

    public void WriteNull() => WriteMarker(Amf0Type.Null);

    public void WriteUndefined() => WriteMarker(Amf0Type.Undefined);

    /// <summary>Starts an anonymous object; write name/value pairs, then <see cref="WriteObjectEnd"/>.</summary>
    public void WriteObjectStart() => WriteMarker(Amf0Type.Object);

    /// <summary>Starts an ECMA array (an object with a count hint, used by <c>onMetaData</c>); end it with <see cref="WriteObjectEnd"/>.</summary>
    public void WriteEcmaArrayStart(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var span = _output.GetSpan(5);
        span[0] = (byte)Amf0Type.EcmaArray;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)count);
        _output.Advance(5);
    }

    /// <summary>The name of the next property of an object or ECMA array (a UTF-8 string without marker).</summary>
    /// <exception cref="ArgumentException">The name is longer than 65535 UTF-8 bytes.</exception>
    public void WritePropertyName(string name)
    {
        var length = Encoding.UTF8.GetByteCount(name);
        if (length > ushort.MaxValue)
            throw new ArgumentException("An AMF0 property name is at most 65535 UTF-8 bytes.", nameof(name));
        var span = _output.GetSpan(2 + length);
        WriteUtf8(span, name, length);
        _output.Advance(2 + length);
    }

    /// <summary>Ends an object or ECMA array: an empty name and the object-end marker (00 00 09).</summary>
    public void WriteObjectEnd()
    {
        var span = _output.GetSpan(3);
        span[0] = 0;
        span[1] = 0;
        span[2] = (byte)Amf0Type.ObjectEnd;
        _output.Advance(3);
    }

    public void WriteProperty(string name, string value)
    {
        WritePropertyName(name);
        WriteString(value);
    }

    public void WriteProperty(string name, double value)
    {
        WritePropertyName(name);
        WriteNumber(value);
    }

    public void WriteProperty(string name, bool value)
    {
        WritePropertyName(name);
        WriteBoolean(value);
    }

    private void WriteMarker(Amf0Type type)
    {
        _output.GetSpan(1)[0] = (byte)type;
        _output.Advance(1);
    }

    private static void WriteUtf8(Span<byte> destination, string value, int length)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)length);
        Encoding.UTF8.GetBytes(value, destination[2..]);
    }
}
