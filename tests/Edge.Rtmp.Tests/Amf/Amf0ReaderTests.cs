using Edge.Rtmp.Amf;

namespace Edge.Rtmp.Tests.Amf;

/// <summary>AMF0 decoding of what servers send, and refusal of what they must not.</summary>
public sealed class Amf0ReaderTests
{
    [Fact]
    public void Reads_TheValuesWritten()
    {
        // "_result", 1.0, {fmsVer: "FMS/3", capabilities: 31.0}, {level: "status", code: "NetConnection.Connect.Success"}
        var bytes = Convert.FromHexString(
            "020007" + "5F726573756C74" +
            "003FF0000000000000" +
            "03" + "0006666D73566572" + "020005464D532F33" + "000C6361706162696C6974696573" + "00403F000000000000" + "000009" +
            "03" + "00056C6576656C" + "020006" + "737461747573" +
            "0004636F6465" + "02001D4E6574436F6E6E656374696F6E2E436F6E6E6563742E53756363657373" + "000009");

        var reader = new Amf0Reader(bytes);
        var name = reader.ReadValue();
        var transaction = reader.ReadValue();
        var properties = reader.ReadValue();
        var information = reader.ReadValue();

        Assert.Equal("_result", name.String);
        Assert.Equal(1.0, transaction.Number);
        Assert.Equal("FMS/3", properties.GetString("fmsVer"));
        Assert.Equal(31.0, properties["capabilities"]!.Number);
        Assert.Equal("status", information.GetString("level"));
        Assert.Equal("NetConnection.Connect.Success", information.GetString("code"));
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Reads_NullUndefinedBooleanEcmaArrayStrictArrayDateAndLongString()
    {
        var bytes = Convert.FromHexString(
            "05" + "06" + "0101" +
            "0800000001" + "000161" + "004000000000000000" + "000009" + // ECMA array {a: 2}
            "0A00000002" + "003FF0000000000000" + "0200017A" + // strict array [1, "z"]
            "0B" + "0000000000000000" + "0000" + // date 0
            "0C00000003" + "616263"); // long string "abc"

        var reader = new Amf0Reader(bytes);

        Assert.Equal(Amf0Type.Null, reader.ReadValue().Type);
        Assert.Equal(Amf0Type.Undefined, reader.ReadValue().Type);
        Assert.True(reader.ReadValue().Boolean);
        Assert.Equal(2.0, reader.ReadValue()["a"]!.Number);
        var array = reader.ReadValue();
        Assert.Equal(2, array.Items.Count);
        Assert.Equal("z", array.Items[1].String);
        Assert.Equal(Amf0Type.Date, reader.ReadValue().Type);
        Assert.Equal("abc", reader.ReadValue().String);
        Assert.False(reader.TryReadValue(out _));
    }

    [Fact]
    public void Reference_PointsAtAnEarlierObject_CountedInTheOrderObjectsStart()
    {
        // [ {inner: {}}, ref 1, ref 2 ]: the outer array is object 0, the first object 1, its inner object 2.
        var bytes = Convert.FromHexString(
            "0A00000003" +
            "03" + "0005696E6E6572" + "03" + "000009" + "000009" +
            "070001" + "070002");

        var array = new Amf0Reader(bytes).ReadValue();

        Assert.Same(array.Items[0], array.Items[1]);
        Assert.Same(array.Items[0]["inner"], array.Items[2]);
    }

    [Theory]
    [InlineData("02000A616263")] // string claims 10 bytes, has 3
    [InlineData("00")] // number without its 8 bytes
    [InlineData("0C7FFFFFFF")] // long string claims 2 GB
    [InlineData("0AFFFFFFFF")] // strict array claims 4 billion items
    [InlineData("11")] // AMF3 switch
    [InlineData("070000")] // reference to nothing
    [InlineData("0A00000001070000")] // an array holding a reference to itself
    [InlineData("03000161")] // object cut off after a name
    public void Refuses_TruncatedOrUnsupportedInput(string hex)
    {
        var bytes = Convert.FromHexString(hex);

        Assert.Throws<InvalidDataException>(() => new Amf0Reader(bytes).ReadValue());
    }

    [Fact]
    public void Refuses_NestingDeeperThanTheLimit()
    {
        var bytes = new List<byte>();
        for (var i = 0; i <= Amf0Reader.MaxDepth + 1; i++)
            bytes.AddRange([0x0A, 0, 0, 0, 1]); // a strict array holding the next
        bytes.Add(0x05);

        Assert.Throws<InvalidDataException>(() => new Amf0Reader(bytes.ToArray()).ReadValue());
    }
}
