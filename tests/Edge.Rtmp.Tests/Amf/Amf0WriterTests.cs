using System.Buffers;
using Edge.Rtmp.Amf;

namespace Edge.Rtmp.Tests.Amf;

/// <summary>AMF0 encoding against bytes worked out by hand from the AMF0 specification (section 2).</summary>
public sealed class Amf0WriterTests
{
    [Theory]
    [InlineData(0.0, "000000000000000000")]
    [InlineData(1.0, "003FF0000000000000")]
    [InlineData(320.0, "004074000000000000")] // 320 = 1.25 * 2^8: exponent 0x407, mantissa 0x4000…
    [InlineData(-2.5, "00C004000000000000")]
    public void Number_IsMarker0_AndBigEndianDouble(double value, string hex)
    {
        Assert.Equal(hex, Write(amf => amf.WriteNumber(value)));
    }

    [Fact]
    public void Boolean_IsMarker1_AndOneByte()
    {
        Assert.Equal("0101", Write(amf => amf.WriteBoolean(true)));
        Assert.Equal("0100", Write(amf => amf.WriteBoolean(false)));
    }

    [Fact]
    public void String_IsMarker2_Length16_Utf8()
    {
        Assert.Equal("020003617070", Write(amf => amf.WriteString("app")));
        Assert.Equal("020000", Write(amf => amf.WriteString("")));
        Assert.Equal("020002C3A9", Write(amf => amf.WriteString("é"))); // UTF-8 bytes, not characters
    }

    [Fact]
    public void StringOver65535Bytes_IsALongString_Marker0C_Length32()
    {
        var text = new string('a', 70000);

        var bytes = WriteBytes(amf => amf.WriteString(text));

        Assert.Equal("0C00011170", Convert.ToHexString(bytes.AsSpan(0, 5)));
        Assert.Equal(5 + 70000, bytes.Length);
    }

    [Fact]
    public void NullAndUndefined_AreBareMarkers()
    {
        Assert.Equal("05", Write(amf => amf.WriteNull()));
        Assert.Equal("06", Write(amf => amf.WriteUndefined()));
    }

    [Fact]
    public void Object_IsMarker3_NamedValues_ThenEmptyNameAndObjectEnd()
    {
        var hex = Write(amf =>
        {
            amf.WriteObjectStart();
            amf.WriteProperty("app", "live");
            amf.WriteProperty("fpad", false);
            amf.WriteObjectEnd();
        });

        // 03 | 0003 "app" 02 0004 "live" | 0004 "fpad" 01 00 | 0000 09
        Assert.Equal("03" + "0003617070" + "0200046C697665" + "000466706164" + "0100" + "000009", hex);
    }

    [Fact]
    public void EcmaArray_IsMarker8_WithCount_ThenPropertiesAndObjectEnd()
    {
        var hex = Write(amf =>
        {
            amf.WriteEcmaArrayStart(1);
            amf.WriteProperty("width", 320.0);
            amf.WriteObjectEnd();
        });

        Assert.Equal("0800000001" + "0005" + "7769647468" + "004074000000000000" + "000009", hex);
    }

    private static string Write(Action<Amf0Writer> write) => Convert.ToHexString(WriteBytes(write));

    private static byte[] WriteBytes(Action<Amf0Writer> write)
    {
        var output = new ArrayBufferWriter<byte>();
        write(new Amf0Writer(output));
        return output.WrittenSpan.ToArray();
    }
}
